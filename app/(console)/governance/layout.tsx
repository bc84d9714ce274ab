// /governance/* - the section's sub-navigation above every governance page.
import { GovernanceSubNav } from "@/components/governance/sub-nav";

export default function GovernanceLayout({ children }: { children: React.ReactNode }) {
  return (
    <>
      <GovernanceSubNav />
      {children}
    </>
  );
}

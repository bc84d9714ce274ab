import type { TestProject } from "vitest/node";
import { makeTemplate } from "./migrated-template";

export default function setup(project: TestProject) {
  return makeTemplate(project, "postgresql");
}

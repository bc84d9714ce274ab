"use server";
// Server action for Access debug: explain whether and why the console actor holds a permission.
import { explainForConsole } from "@/lib/auth/console-debug";

export async function explainAction(permission: string) {
  return explainForConsole(permission);
}

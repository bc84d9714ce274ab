// Shared by the pre-paint script in app/layout.tsx and the theme toggle, so both agree on the key.
export const THEME_STORAGE_KEY = "warden-theme";

export type Theme = "light" | "dark";

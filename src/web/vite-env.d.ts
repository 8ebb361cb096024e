// Types for what Vite adds to modules: import.meta.env and asset/CSS imports.
/// <reference types="vite/client" />

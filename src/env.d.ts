/// <reference types="@crxjs/vite-plugin/client" />
// The `?script&iife` imports: a file the worker injects with chrome.scripting (its name, not its code).

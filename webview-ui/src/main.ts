// The chat webview's entry point.
export {};

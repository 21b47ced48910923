// FAST (under the toolkit) probes `:focus-visible` support when its modules load, by inserting a
// <style> element with the nonce from <meta property="csp-nonce">; without that meta the probe breaks the
// page's CSP (a violation per load). So this module runs first (main.ts imports it before anything
// else) and shares the nonce of our own script element, which the CSP already trusts.
const script = document.currentScript as HTMLScriptElement | null;
const nonce = script?.nonce;
if (nonce && !document.querySelector('meta[property="csp-nonce"]')) {
  const meta = document.createElement('meta');
  meta.setAttribute('property', 'csp-nonce');
  meta.content = nonce;
  document.head.append(meta);
}
export {};

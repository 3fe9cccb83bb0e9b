// A single-page app served by the core: no server rendering, no prerendering (adapter-static `fallback`).
export const ssr = false;
export const prerender = false;

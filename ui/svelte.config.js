import adapter from '@sveltejs/adapter-static';
import { vitePreprocess } from '@sveltejs/vite-plugin-svelte';

/** @type {import('@sveltejs/kit').Config} */
const config = {
  preprocess: vitePreprocess(),
  kit: {
    // A single-page app: every path gets index.html (from Tauri, and from the browser tests'
    // server), and the client router renders the screen. Nothing is prerendered. The only inline
    // script is SvelteKit's bootstrap in index.html; Tauri adds its hash to the CSP at build time.
    adapter: adapter({ pages: 'build', assets: 'build', fallback: 'index.html', strict: true }),
  },
};

export default config;

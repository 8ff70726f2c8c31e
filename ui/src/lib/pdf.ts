// Renders PDF pages to canvases with pdf.js, bundled (no CDN). Its worker is a file of the app,
// loaded from 'self' under the CSP; no eval (isEvalSupported: false), no WebAssembly decoders
// (no wasmUrl), no font or CMap fetches: statements embed their fonts. Imported lazily, so
// pdf.js loads only on a screen that shows a PDF.
import { getDocument, GlobalWorkerOptions } from 'pdfjs-dist';
import workerUrl from 'pdfjs-dist/build/pdf.worker.min.mjs?url';

GlobalWorkerOptions.workerSrc = workerUrl;

export type RenderedPage = { canvas: HTMLCanvasElement; width: number; height: number };

/**
 * Renders every page of `bytes` (at most `maxPages`) to canvases `cssWidth` pixels wide (sharp on
 * high-density screens). `isCurrent()` false stops the work (a newer preview replaced it).
 */
export async function renderPdf(
  bytes: Uint8Array,
  cssWidth: number,
  { maxPages = 20, isCurrent = () => true }: { maxPages?: number; isCurrent?: () => boolean } = {},
): Promise<{ pages: RenderedPage[]; total: number }> {
  // pdf.js takes the buffer over to its worker: give it a copy.
  const task = getDocument({
    data: bytes.slice(),
    isEvalSupported: false,
    useSystemFonts: false,
    disableFontFace: false,
    enableXfa: false,
    stopAtErrors: false,
  });
  const doc = await task.promise;
  try {
    const pages: RenderedPage[] = [];
    const ratio = Math.min(2, Math.max(1, globalThis.devicePixelRatio || 1));
    for (let n = 1; n <= Math.min(doc.numPages, maxPages); n++) {
      if (!isCurrent()) break;
      const page = await doc.getPage(n);
      const base = page.getViewport({ scale: 1 });
      const scale = cssWidth / base.width;
      const viewport = page.getViewport({ scale: scale * ratio });
      const canvas = document.createElement('canvas');
      canvas.width = Math.floor(viewport.width);
      canvas.height = Math.floor(viewport.height);
      const context = canvas.getContext('2d');
      if (!context) throw new Error('no 2D canvas');
      await page.render({ canvas, canvasContext: context, viewport }).promise;
      pages.push({ canvas, width: Math.round(base.width * scale), height: Math.round(base.height * scale) });
      page.cleanup();
    }
    return { pages, total: doc.numPages };
  } finally {
    void doc.destroy();
  }
}

// The single shadow-root host for all Clinical Lens UI in a page (hover card, notes, …).
// Created ahead of need (when the page's first term is found, so the first card opens fast) but
// kept out of the document until something is first shown: pages where nothing is shown keep a
// pristine DOM. Features get their own container ("part") with their own styles inside it.
import type { ContentScriptContext } from 'wxt/utils/content-script-context';
import { createShadowRootUi } from 'wxt/utils/content-script-ui/shadow-root';
import themeCss from '../../components/theme.css?inline';
import { onDocumentRewritten } from './document-rewrite';
import hostCss from './ui-root.css?inline';

export const UI_HOST_NAME = 'clinical-lens-ui';

export interface UiRoot {
  host: HTMLElement;
  shadow: ShadowRoot;
  /** The container for one feature, created (with its stylesheet) on first call. */
  part(name: string, css: string): HTMLElement;
  /**
   * Call before showing something: puts the host in the page the first time, and back if the
   * page removed it (document.open, a script replacing all of <html>), and undoes a CSS zoom the
   * page applies around it, since our UI is placed and sized in screen px.
   */
  settle(): void;
}

let root: Promise<UiRoot> | undefined;
let created: UiRoot | undefined;

/** The host if it exists, without creating it (for "is this event inside our UI?"). */
export function existingUiRoot(): UiRoot | undefined {
  return created;
}

export function ensureUiRoot(ctx: ContentScriptContext): Promise<UiRoot> {
  root ??= createUiRoot(ctx);
  return root;
}

/** In fullscreen only the fullscreen element's subtree is shown: the host must live there. */
function hostParent(): Element {
  const full = document.fullscreenElement;
  return full && !(full instanceof HTMLVideoElement || full instanceof HTMLIFrameElement || full instanceof HTMLCanvasElement)
    ? full
    : document.documentElement;
}

async function createUiRoot(ctx: ContentScriptContext): Promise<UiRoot> {
  const ui = await createShadowRootUi(ctx, {
    name: UI_HOST_NAME,
    position: 'inline',
    anchor: hostParent,
    append: 'last',
    css: `${hostCss}\n${themeCss}`,
    // Keys typed in our UI (note fields, Escape in the card) must not reach the page's shortcuts.
    isolateEvents: true,
    onMount: (container) => container,
  });
  let mounted = false;
  const parts = new Map<string, HTMLElement>();
  const uiRoot: UiRoot = {
    host: ui.shadowHost,
    shadow: ui.shadow,
    part(name, css) {
      let part = parts.get(name);
      if (!part) {
        const style = document.createElement('style');
        style.textContent = css;
        part = document.createElement('div');
        part.dataset.part = name;
        ui.uiContainer.append(style, part);
        parts.set(name, part);
      }
      return part;
    },
    settle() {
      if (!mounted) {
        mounted = true;
        ui.mount();
      } else if (!ui.shadowHost.isConnected) hostParent().append(ui.shadowHost);
      const inherited = ui.shadowHost.parentElement?.currentCSSZoom ?? 1;
      ui.uiContainer.style.zoom = inherited === 1 ? '' : String(1 / inherited);
    },
  };
  const followFullscreen = () => {
    const parent = hostParent();
    if (mounted && ui.shadowHost.parentNode !== parent) parent.append(ui.shadowHost);
  };
  const listen = () => ctx.addEventListener(document, 'fullscreenchange', followFullscreen);
  listen();
  onDocumentRewritten(ctx, listen);
  ctx.onInvalidated(() => {
    root = undefined;
    created = undefined;
  });
  created = uiRoot;
  return uiRoot;
}

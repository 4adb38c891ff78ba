// Typed sending and answering of the messages in lib/messages.ts.
import * as v from 'valibot';
import {
  type BackgroundRequest,
  BackgroundRequestSchema,
  type BackgroundResponses,
  type ContentRequest,
  type ContentResponses,
  isContentRequest,
  type Reply,
} from '../lib/messages';

type ResponseOf<R extends { type: string }, M> = R['type'] extends keyof M ? M[R['type']] : never;

/** Said when the other side went away before answering: the service worker was stopped or
 *  restarted mid-request (a request that changes data is safe to send again: saves are by id). */
export const NO_ANSWER = 'Clinical Lens stopped before answering (it may have been restarting). Please try again.';

function workerWentAway(error: unknown): never {
  const closed = /message channel closed|Receiving end does not exist|message port closed/i.test(error instanceof Error ? error.message : String(error));
  throw closed ? new Error(NO_ANSWER, { cause: error }) : error;
}

async function unwrap<T>(promise: Promise<unknown>): Promise<T> {
  const reply = (await promise) as Reply<T> | undefined;
  if (!reply || typeof reply !== 'object' || !('ok' in reply)) throw new Error('No answer from Clinical Lens (is the extension reloading?)');
  if (!reply.ok) throw new Error(reply.error);
  return reply.value;
}

export function askBackground<R extends BackgroundRequest>(request: R): Promise<ResponseOf<R, BackgroundResponses>> {
  return unwrap(browser.runtime.sendMessage(request).catch(workerWentAway));
}

export function askTab<R extends ContentRequest>(tabId: number, request: R, frameId = 0): Promise<ResponseOf<R, ContentResponses>> {
  return unwrap(browser.tabs.sendMessage(tabId, request, { frameId }));
}

type Handlers<Req extends { type: string }, Res> = {
  [K in Req['type']]: (request: Extract<Req, { type: K }>, sender: Browser.runtime.MessageSender) => Promise<Res[K & keyof Res]> | Res[K & keyof Res];
};

/** The request a message holds, checked, or undefined when it is not one. */
type Parse<Req> = (message: unknown) => Req | undefined;

function answer<Req extends { type: string }, Res>(
  parse: Parse<Req>,
  handlers: Handlers<Req, Res>,
  message: unknown,
  sender: Browser.runtime.MessageSender,
): Promise<Reply<unknown>> | undefined {
  const request = parse(message);
  // Not ours (or malformed): stay silent so other listeners may answer.
  if (request === undefined) return undefined;
  const handler = handlers[request.type as Req['type']] as (r: Req, s: Browser.runtime.MessageSender) => unknown;
  return Promise.resolve()
    .then(() => handler(request, sender))
    .then(
      (value) => ({ ok: true as const, value }),
      (error: unknown) => ({ ok: false as const, error: error instanceof Error ? error.message : String(error) }),
    );
}

// sendResponse + `return true` rather than a returned promise: it works in every Chromium and
// Firefox version we support.
function listen<Req extends { type: string }, Res>(parse: Parse<Req>, handlers: Handlers<Req, Res>) {
  const listener = (message: unknown, sender: Browser.runtime.MessageSender, sendResponse: (reply: unknown) => void) => {
    const reply = answer(parse, handlers, message, sender);
    if (!reply) return undefined;
    void reply.then(sendResponse);
    return true;
  };
  browser.runtime.onMessage.addListener(listener);
  return () => browser.runtime.onMessage.removeListener(listener);
}

/** Registers the background's message handlers; returns a function that removes them. */
export function answerBackgroundRequests(handlers: Handlers<BackgroundRequest, BackgroundResponses>) {
  return listen((message) => {
    const parsed = v.safeParse(BackgroundRequestSchema, message);
    return parsed.success ? parsed.output : undefined;
  }, handlers);
}

/** Registers a content script's message handlers; returns a function that removes them.
 *  Checked by a hand-written guard: the content script's start-up code carries no valibot. */
export function answerContentRequests(handlers: Handlers<ContentRequest, ContentResponses>) {
  return listen((message) => (isContentRequest(message) ? message : undefined), handlers);
}

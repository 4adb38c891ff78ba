// The service worker: main stays synchronous and registers every listener at once, so an
// event that wakes the worker is never missed. Services load their data lazily.
import { answerBackgroundRequests } from '../../platform/messaging';
import { knowledgeHandlers } from './knowledge-service';

export default defineBackground(() => {
  answerBackgroundRequests({
    ...knowledgeHandlers(),
  });
});

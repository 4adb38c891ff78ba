export default defineBackground(() => {
  browser.runtime.onMessage.addListener(() => undefined);
});

import aliasTable from 'virtual:clinical-lens/alias-table';

export default defineContentScript({
  matches: ['<all_urls>'],
  allFrames: true,
  matchAboutBlank: true,
  main() {
    console.debug('clinical lens', aliasTable.ids.length);
  },
});

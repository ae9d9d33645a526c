// What others are told when someone restores a saved version: the server records the restore as a save with
// trigger `restore`, saved by the restorer, labelled "Restored version N" (docs/protocol.md, "saved").

const RESTORED = /^Restored version (\d+)$/;

/** "Ada restored version 3. What was there before is in History." */
export function restoreNotice(message) {
  const who = message.savedBy || 'Someone';
  const number = RESTORED.exec(message.label ?? '')?.[1];
  const what = number ? `restored version ${number}` : 'restored an earlier version';
  return `${who} ${what}. What was there before is in History.`;
}

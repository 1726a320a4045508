/** Session id as QuickFIX writes it: "FIX.4.4:ISLD->TW" (our SenderCompID -> their CompID). */
export function fixSessionId(settings: {
  beginString?: string | undefined;
  senderCompId: string;
  targetCompId: string;
}): string {
  return `${settings.beginString ?? 'FIX.4.4'}:${settings.senderCompId}->${settings.targetCompId}`;
}

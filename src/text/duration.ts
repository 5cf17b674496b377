/** `10 s`, `250 ms`, `2 min`: how a person reads a duration. */
export function formatDuration(ms: number): string {
  if (Math.round(ms) < 1000) return `${Math.round(ms)} ms`;
  // Round once, at the precision shown, so that 59.6 s never reads "60 s" or "0 min 60 s".
  if (ms < 9_950) return `${Number((ms / 1000).toFixed(1))} s`;
  const seconds = Math.round(ms / 1000);
  if (seconds < 60) return `${seconds} s`;
  const minutes = Math.floor(seconds / 60);
  if (minutes < 120) return seconds % 60 ? `${minutes} min ${seconds % 60} s` : `${minutes} min`;
  const wholeMinutes = Math.round(ms / 60_000);
  const hours = Math.floor(wholeMinutes / 60);
  if (hours < 48) return wholeMinutes % 60 ? `${hours} h ${wholeMinutes % 60} min` : `${hours} h`;
  const days = Math.round(ms / 86_400_000);
  // An endpoint's Retry-After may ask for any number: past this, the exact figure tells nobody anything.
  return days < 1000 ? `${days} days` : "over 1000 days";
}

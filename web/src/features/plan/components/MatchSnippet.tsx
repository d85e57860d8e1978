/** A search snippet with its match marked, located by matchStart and matchLength. */
export function MatchSnippet({ text, start, length }: { text: string; start: number; length: number }) {
  const from = Math.max(0, Math.min(start, text.length));
  const to = Math.min(text.length, from + Math.max(0, length));
  return (
    <span className="match-snippet">
      {text.slice(0, from)}
      <mark>{text.slice(from, to)}</mark>
      {text.slice(to)}
    </span>
  );
}

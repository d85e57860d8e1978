/**
 * Locating structured figures in a measure's text: each target or parameter carries the exact
 * words it came from (quote); within that quote, the figure is found by the ways the text may
 * write its value (2万元, 20%, 4万 …).
 */
import type { MeasureUnit } from '../../../../src/domain/plan/schema';
import { textForms } from './format';

export interface Figure {
  kind: 'target' | 'parameter';
  id: string;
  quote?: string;
  value: number;
  unit: MeasureUnit;
}

export interface Mark<F extends Figure = Figure> {
  start: number;
  end: number;
  figure: F;
}

function escapeRegExp(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

/** Where the figure's value is written inside its quote, as [offset, length]; undefined if not. */
function figureInQuote(quote: string, figure: Figure): [number, number] | undefined {
  for (const form of textForms(figure.value, figure.unit)) {
    const match = new RegExp(`(?<![\\d.])${escapeRegExp(form)}(?!\\.?\\d)`).exec(quote);
    if (match) return [match.index, form.length];
  }
  return undefined;
}

/** Non-overlapping marks over text, in reading order; figures whose quote or value is not found get none. */
export function findMarks<F extends Figure>(text: string, figures: readonly F[]): Mark<F>[] {
  const marks: Mark<F>[] = [];
  const overlaps = (start: number, end: number) => marks.some((m) => start < m.end && m.start < end);
  for (const figure of figures) {
    if (!figure.quote) continue;
    const inQuote = figureInQuote(figure.quote, figure);
    if (!inQuote) continue;
    // the same quote may occur more than once; take the first occurrence whose figure is still free
    for (let at = text.indexOf(figure.quote); at >= 0; at = text.indexOf(figure.quote, at + 1)) {
      const start = at + inQuote[0];
      const end = start + inQuote[1];
      if (!overlaps(start, end)) {
        marks.push({ start, end, figure });
        break;
      }
    }
  }
  return marks.sort((a, b) => a.start - b.start);
}

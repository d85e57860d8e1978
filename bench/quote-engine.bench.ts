/**
 * Subsidy engine figures (issue 4, part 6), one core, one process:
 *
 *  1. Quotes per second: `evaluateQuote(ruleBook, input, history)` over a batch of pre-built inputs
 *     (a mix of all eight lines, an empty history, so every quota is checked). It measures the pure
 *     decision — validation, rule lookup by date, eligibility, quotas, arithmetic, caps — and returns
 *     the SubsidyDecision value; it does not build text (explainDecision) nor JSON, which are measured
 *     separately on a smaller batch, nor parse JSON. Goal: ≥ 1,000,000 quotes/s.
 *     Baseline: a loop over the same inputs that reads each one and adds up its price or cost (the
 *     floor cost of touching an input), and a hard-coded min(round(price × 20%), 2000 yuan) loop
 *     (what one formula with no rule book, no dates, no checks costs).
 *  2. Reform simulation: `simulateReform(columns, base, changed)` over 1,000,000 stored decisions
 *     (both rule books replayed in order with quotas and cumulative caps, totals by line and county).
 *     Goal: < 2 s. Building the columns from decision objects is the loader's work and is reported
 *     on its own. Baseline: one pass over the same columns multiplying each base by one rate.
 *
 * Every figure is the median of BENCH_ROUNDS runs in CPU time of this process (user + system), with
 * the fastest run and the wall-clock median beside it: on a shared machine wall time measures the
 * neighbours too. Ratios are medians against the baselines of the same run.
 * Benchmarks never fail on speed.
 * Run: node --import tsx bench/quote-engine.bench.ts
 *      (BENCH_QUOTES, BENCH_DECISIONS, BENCH_ROUNDS change the effort)
 */
import path from 'node:path';
import { performance } from 'node:perf_hooks';
import {
  assertRuleBookUsable,
  compileRuleBook,
  decisionColumns,
  evaluateQuote,
  explainDecision,
  planParameters,
  reformRuleBook,
  simulateReform,
  type GrantedDecision,
  type QuoteInput,
  type StoredDecisionInput,
} from '../src/domain/subsidy/index.js';
import { loadPlanDirectory } from '../src/services/plan/plan-files.js';
import { projectRoot } from '../src/shared/project-root.js';
import { median, ratio } from './support.js';

const quoteCount = Number(process.env.BENCH_QUOTES ?? 200_000);
const decisionCount = Number(process.env.BENCH_DECISIONS ?? 1_000_000);
const rounds = Number(process.env.BENCH_ROUNDS ?? 5);

const APPLIANCES = ['air_conditioner', 'refrigerator', 'washing_machine', 'tv', 'computer', 'water_heater'];
const UNITS = ['hubin', 'shanzhou', 'mianchi', 'lushi', 'yima', 'lingbao'];

/** A deterministic pseudo-random sequence (mulberry32), so that every run quotes the same inputs. */
function sequence(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let value = Math.imul(state ^ (state >>> 15), state | 1);
    value ^= value + Math.imul(value ^ (value >>> 7), value | 61);
    return (value ^ (value >>> 14)) >>> 0;
  };
}

function sampleInput(next: () => number, index: number, people: number): QuoteInput {
  const day = `2025-${String(1 + (next() % 12)).padStart(2, '0')}-${String(1 + (next() % 28)).padStart(2, '0')}`;
  const person = `person-${next() % people}`;
  switch (index % 10) {
    case 0:
      return {
        line: 'digital',
        category: 'phone',
        finalPriceFen: 100_000 + (next() % 600_000),
        purchaseDate: day,
        applicantId: person,
      };
    case 1:
      return {
        line: 'smart_home',
        category: 'smart_lock',
        finalPriceFen: 50_000 + (next() % 2_000_000),
        purchaseDate: day,
      };
    case 2:
      return {
        line: 'elderly_adaptation',
        productCostFen: 100_000 + (next() % 6_000_000),
        purchaseDate: day,
        dwellingId: `dwelling-${next() % 20_000}`,
      };
    case 3:
      return {
        line: index % 20 === 3 ? 'car_scrap' : 'car_replace',
        newCar: next() % 2 === 0 ? 'nev' : 'fuel',
        purchaseDate: day,
        applicantId: person,
        newCarId: `car-${index}`,
      };
    case 4:
      return index % 40 === 4
        ? {
            line: 'first_launch',
            eligibleCostFen: 1_000_000 + (next() % 400_000_000),
            eventDate: day,
            entityId: `entity-${next() % 500}`,
            applicantKind: 'legal_person',
          }
        : { line: 'ebike', finalPriceFen: 200_000 + (next() % 300_000), purchaseDate: day };
    default:
      return {
        line: 'appliance',
        category: APPLIANCES[next() % APPLIANCES.length] ?? 'tv',
        efficiencyGrade: 1 + (next() % 2),
        finalPriceFen: 100_000 + (next() % 1_500_000),
        purchaseDate: day,
        applicantId: person,
      };
  }
}

function inputs(count: number, seed: number): QuoteInput[] {
  const next = sequence(seed);
  const people = Math.max(1000, Math.floor(count / 3));
  return Array.from({ length: count }, (_, index) => sampleInput(next, index, people));
}

function baseOf(input: QuoteInput): number {
  return input.finalPriceFen ?? input.productCostFen ?? input.eligibleCostFen ?? 0;
}

interface Timing {
  /** Median seconds of process CPU time (user + system) per run: the one-core figure. */
  readonly cpu: number;
  /** The fastest run's CPU seconds: what one core does when the machine leaves it alone. */
  readonly best: number;
  readonly wall: number;
  readonly check: number;
}

/** Runs `body` `rounds` times; the median CPU and wall seconds of one run. */
function timed(body: () => number): Timing {
  const cpuTimes: number[] = [];
  const wallTimes: number[] = [];
  let check = 0;
  for (let round = 0; round < rounds; round += 1) {
    const cpuStart = process.cpuUsage();
    const started = performance.now();
    check = body();
    wallTimes.push((performance.now() - started) / 1000);
    const cpu = process.cpuUsage(cpuStart);
    cpuTimes.push((cpu.user + cpu.system) / 1e6);
  }
  return { cpu: median(cpuTimes), best: Math.min(...cpuTimes), wall: median(wallTimes), check };
}

const format = (value: number): string => Math.round(value).toLocaleString('en-US');
const perSecond = (items: number, timing: Timing): string =>
  `${format(items / timing.cpu)} /s (best ${format(items / timing.best)}, wall ${format(items / timing.wall)})`;
const inSeconds = (timing: Timing): string =>
  `${timing.cpu.toFixed(3)} s (best ${timing.best.toFixed(3)}, wall ${timing.wall.toFixed(3)})`;

const plan = await loadPlanDirectory(path.join(projectRoot(), 'policies', 'sanmenxia-2025'));
const parameters = planParameters(plan);
const book = assertRuleBookUsable(
  compileRuleBook(parameters, `${plan.metadata.code}@${plan.contentHash.slice(0, 12)}`),
);

function quoteFigures(): void {
  const batch = inputs(quoteCount, 7);
  const history: readonly GrantedDecision[] = [];
  // Warm-up: let the JIT see every path before anything is timed.
  for (const input of batch) evaluateQuote(book, input, history);
  const reading = timed(() => {
    let total = 0;
    for (let index = 0; index < batch.length; index += 1) total += baseOf(batch[index] as QuoteInput);
    return total;
  });
  const formula = timed(() => {
    let total = 0;
    for (let index = 0; index < batch.length; index += 1) {
      const scaled = baseOf(batch[index] as QuoteInput) * 2000;
      total += Math.min((scaled - (scaled % 10_000)) / 10_000 + (scaled % 10_000 >= 5000 ? 1 : 0), 200_000);
    }
    return total;
  });
  const engine = timed(() => {
    let total = 0;
    for (let index = 0; index < batch.length; index += 1) {
      total += evaluateQuote(book, batch[index] as QuoteInput, history).subsidyFen;
    }
    return total;
  });
  const explainedBatch = batch.slice(0, Math.min(batch.length, 20_000));
  const explained = timed(() => {
    let total = 0;
    for (const input of explainedBatch)
      total += explainDecision(evaluateQuote(book, input, history)).explanation.length;
    return total;
  });
  const items = batch.length;
  console.log(`Quotes: ${format(items)} inputs of all eight lines, empty history, median of ${rounds} runs, one core`);
  console.log(`  baseline: read each input, add up its price           ${perSecond(items, reading)}`);
  console.log(`  baseline: hard-coded min(round(price × 20%), cap)     ${perSecond(items, formula)}`);
  console.log(
    `  evaluateQuote (the decision value, no text)           ${perSecond(items, engine)}   goal ≥ 1,000,000 /s`,
  );
  console.log(
    `    = ${ratio(engine.cpu, reading.cpu)} the time of reading the inputs, ` +
      `${ratio(engine.cpu, formula.cpu)} the time of the hard-coded formula`,
  );
  console.log(`  evaluateQuote + explainDecision (zh/en text, trace)   ${perSecond(explainedBatch.length, explained)}`);
  console.log(`  (checksum: ${format(engine.check)} fen granted per batch)`);
}

function storedDecisions(): StoredDecisionInput[] {
  const next = sequence(11);
  const people = Math.floor(decisionCount / 3);
  return Array.from({ length: decisionCount }, (_, index) => ({
    ...sampleInput(next, index, people),
    unitId: UNITS[index % UNITS.length] ?? 'hubin',
  }));
}

function reformFigures(): void {
  const stored = storedDecisions();
  const built = timed(() => decisionColumns(stored).count);
  const columns = decisionColumns(stored);
  const changed = reformRuleBook(
    parameters,
    [
      { key: 'appliance.grade1.rate_bp', value: 2500 },
      { key: 'appliance.max_subsidy_per_item_fen', value: 150_000 },
    ],
    'reform: appliance grade 1 at 25%, cap 1500 yuan',
  );
  const pass = timed(() => {
    let total = 0;
    for (let row = 0; row < columns.count; row += 1) total += Math.round((columns.baseFen[row] || 0) * 0.2);
    return total;
  });
  const reform = timed(() => simulateReform(columns, book, changed).total.decisions);
  const report = simulateReform(columns, book, changed);
  console.log(`\nReform simulation: ${format(columns.count)} stored decisions, median of ${rounds} runs`);
  console.log(`  building the columns from decision objects (the loader's work, once)  ${inSeconds(built)}`);
  console.log(`  baseline: one pass over the columns, one multiply per row              ${inSeconds(pass)}`);
  console.log(
    `  simulateReform (both rule books replayed, totals by line and county)   ${inSeconds(reform)}   goal < 2 s`,
  );
  console.log(`    = ${ratio(reform.cpu, pass.cpu)} the time of the baseline pass`);
  console.log(
    `  appliance grade 1 at 25% with a 1500-yuan cap: ${format(report.total.differenceFen / 100)} yuan ` +
      `(${format(report.total.baseFen / 100)} → ${format(report.total.changedFen / 100)} yuan; ` +
      `${format(report.total.eligibleBase)} of ${format(report.total.decisions)} decisions eligible)`,
  );
}

quoteFigures();
reformFigures();

import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { PlanDocument } from '../../src/domain/plan/schema.js';
import type { LintReport, TargetView } from '../../src/contract/plan.js';
import { projectRoot } from '../../src/shared/project-root.js';
import { huimin } from '../support/cli.js';
import { testEnvironment, type TestEnvironment } from '../support/databases.js';

const root = projectRoot();

describe('huimin CLI', () => {
  let environment: TestEnvironment;
  beforeAll(async () => {
    environment = await testEnvironment('sqlite');
  });
  afterAll(async () => {
    await environment?.cleanup();
  });

  it('exports the whole plan: 26 numbered measures, each with numeric targets and parameters', async () => {
    const { stdout, code } = await huimin(['plan', 'export', '--json']);
    expect(code).toBe(0);
    const document = JSON.parse(stdout) as PlanDocument;
    expect(document.measures.map((measure) => measure.number)).toEqual(
      Array.from({ length: 26 }, (_, index) => index + 1),
    );
    for (const measure of document.measures) {
      expect(Array.isArray(measure.targets)).toBe(true);
      expect(Array.isArray(measure.parameters)).toBe(true);
      for (const item of [...measure.targets, ...measure.parameters]) expect(typeof item.value).toBe('number');
    }
  });

  it('shows the plan and its targets', async () => {
    const show = await huimin(['plan', 'show']);
    expect(show.stdout).toContain('三门峡市提振消费专项行动方案');
    expect(show.stdout).toContain('（二十六）');
    const targets = await huimin(['plan', 'targets', '--measure', '18', '--json']);
    const values = (JSON.parse(targets.stdout) as TargetView[]).map((target) => target.value);
    expect(values).toEqual(expect.arrayContaining([300, 110, 11]));
  });

  it('lints the plan: repetitions and implausible targets with quotes, exit 0 without errors', async () => {
    const { stdout, code } = await huimin(['plan', 'lint', '--json']);
    expect(code).toBe(0);
    const report = JSON.parse(stdout) as LintReport;
    expect(report.findings.filter((finding) => finding.rule === 'repeated_sentence').length).toBeGreaterThanOrEqual(3);
    expect(report.findings.filter((finding) => finding.rule === 'implausible_target').length).toBeGreaterThanOrEqual(4);
    const text = await huimin(['plan', 'lint']);
    expect(text.stdout).toContain('延续实施失业保险稳岗返还政策');
    expect(text.stdout).toMatch(/（十）/);
  });

  it('reports a broken plan folder with file and path, and exits 1', async () => {
    const { stderr, code } = await huimin(['plan', 'lint', '--dir', path.join(root, 'test')]);
    expect(code).toBe(1);
    expect(stderr).toContain('plan.yaml');
  });

  it('refuses a bad argument with a message', async () => {
    const { stderr, code } = await huimin(['plan', 'targets', '--measure', 'six']);
    expect(code).not.toBe(0);
    expect(stderr).toContain('measure number');
  });

  it('quotes one purchase from standard input, and refuses bad input with exit 2', async () => {
    const input = JSON.stringify({
      line: 'appliance',
      category: 'air_conditioner',
      efficiencyGrade: 1,
      finalPriceFen: 399900,
      purchaseDate: '2025-05-01',
    });
    const { stdout, code } = await huimin(['quote'], {}, input);
    expect(code).toBe(0);
    expect(JSON.parse(stdout)).toMatchObject({ eligible: true, subsidyFen: 79980, reasons: [] });
    const bad = await huimin(['quote'], {}, '{"line":"appliance","finalPriceFen":-5}');
    expect(bad.code).toBe(2);
    expect((JSON.parse(bad.stdout) as { reasons: { code: string }[] }).reasons[0]?.code).toBe('INVALID_INPUT');
  });

  it('migrates, imports, and rolls back the database', async () => {
    const migrate = await huimin(['db', 'migrate'], environment.env);
    expect(migrate.stdout).toContain('applied');
    const imported = await huimin(['plan', 'import'], environment.env);
    expect(imported.stdout).toMatch(/imported sanmenxia-2025@[0-9a-f]{12}/);
    const again = await huimin(['plan', 'import'], environment.env);
    expect(again.stdout).toContain('already imported');
    const rollback = await huimin(['db', 'rollback'], environment.env);
    expect(rollback.stdout).toContain('rolled back');
  });
});

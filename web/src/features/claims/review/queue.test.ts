import { describe, expect, it } from 'vitest';
import type { SessionView } from '../../../../../src/contract/accounts';
import { decisionAccess, mayDecide, queueQuery, stagesOf } from './queue';

const none = {
  tab: undefined,
  line: undefined,
  unit: undefined,
  overdue: undefined,
  state: undefined,
  page: undefined,
};

describe('the review queue’s query', () => {
  it('starts reviewers on 待我审核 and readers on everything', () => {
    expect(queueQuery(none, true)).toEqual({ awaitingMe: true, offset: 0, limit: 50 });
    expect(queueQuery(none, false)).toEqual({ offset: 0, limit: 50 });
  });

  it('filters by stage, line, unit and overdue; by state only on the all tab; pages of 50', () => {
    expect(
      queueQuery(
        { ...none, tab: 'finance', line: 'car_scrap', unit: 'hubin', overdue: '1', state: 'paid', page: '3' },
        true,
      ),
    ).toEqual({ stage: 'finance', line: 'car_scrap', unitId: 'hubin', overdue: true, offset: 100, limit: 50 });
    expect(queueQuery({ ...none, tab: 'all', state: 'paid', line: 'boats' }, true)).toEqual({
      state: 'paid',
      offset: 0,
      limit: 50,
    });
  });

  it('lists each stage once', () => {
    const stage = (id: string) => ({
      id,
      label: id,
      labelEn: id,
      role: 'r',
      scope: 'city' as const,
      deadlineWorkingDays: 5,
      deadlineSource: 's',
    });
    const settings = {
      lines: [
        {
          line: 'car_scrap' as const,
          label: '',
          labelEn: '',
          stages: [stage('commerce'), stage('finance')],
          requiredEvidence: [],
        },
        {
          line: 'first_launch' as const,
          label: '',
          labelEn: '',
          stages: [stage('commerce'), stage('finance')],
          requiredEvidence: [],
        },
      ],
      reasons: [],
    };
    expect(stagesOf(settings).map((s) => s.id)).toEqual(['commerce', 'finance']);
  });
});

describe('who may decide', () => {
  const session = (
    role: string,
    organisation: string | null,
    permissions = ['claims.review'],
    kind: 'unit' | 'department' = 'unit',
  ) =>
    ({
      account: {
        id: 'me',
        roles: [{ role, organisation: organisation ? { kind, id: organisation, name: organisation } : null }],
      },
      permissions,
    }) as unknown as SessionView;
  const claim = {
    state: 'reviewing' as const,
    unitId: 'hubin',
    applicantId: 'someone',
    stage: {
      id: 'civil_affairs',
      label: '',
      labelEn: '',
      role: 'county_officer',
      scope: 'unit' as const,
      deadlineWorkingDays: 3,
      deadlineSource: '',
    },
  };
  it('is the stage’s role, in the claim’s unit for a unit stage, never one’s own claim', () => {
    expect(mayDecide(session('county_officer', 'hubin'), claim)).toBe(true);
    expect(mayDecide(session('county_officer', 'lingbao'), claim)).toBe(false);
    expect(mayDecide(session('finance_officer', null), claim)).toBe(false);
    expect(mayDecide(session('county_officer', 'hubin', []), claim)).toBe(false);
    expect(mayDecide(session('county_officer', 'hubin'), { ...claim, applicantId: 'me' })).toBe(false);
    expect(mayDecide(session('county_officer', 'hubin'), { ...claim, state: 'returned' })).toBe(false);
  });

  it('is the stage’s department’s officer for a department’s stage', () => {
    const registration = {
      ...claim,
      stage: {
        id: 'registration_check',
        label: '',
        labelEn: '',
        role: 'department_officer',
        scope: 'city' as const,
        department: 'public-security',
        deadlineWorkingDays: 3,
        deadlineSource: '',
      },
    };
    expect(mayDecide(session('department_officer', 'public-security', undefined, 'department'), registration)).toBe(
      true,
    );
    expect(mayDecide(session('department_officer', 'commerce', undefined, 'department'), registration)).toBe(false);
    expect(mayDecide(session('department_officer', 'public-security'), registration)).toBe(false);
    expect(mayDecide(session('department_officer', null), registration)).toBe(false);
    // a city stage with no department: any holder of the role
    const finance = {
      ...registration,
      stage: { ...registration.stage, role: 'finance_officer', department: undefined },
    };
    expect(mayDecide(session('finance_officer', 'finance', undefined, 'department'), finance)).toBe(true);
    expect(mayDecide(session('finance_officer', null), finance)).toBe(true);
  });

  it('says why not', () => {
    expect(decisionAccess(session('county_officer', 'hubin'), claim)).toBe('decide');
    expect(decisionAccess(session('county_officer', 'hubin'), { ...claim, state: 'approved', stage: null })).toBe(
      'closed',
    );
    expect(decisionAccess(session('county_officer', 'hubin'), { ...claim, applicantId: 'me' })).toBe('own');
    expect(decisionAccess(session('county_officer', 'lingbao'), claim)).toBe('elsewhere');
    expect(decisionAccess(null, claim)).toBe('elsewhere');
  });
});

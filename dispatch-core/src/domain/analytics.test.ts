import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import {
  DEFAULT_DEFINITIONS,
  DefinitionError,
  intervalStats,
  parseDefinition,
  parseDefinitionList,
  percentile,
  secondsBetween,
  shanghaiDay,
} from './analytics.ts';
import { csvField, csvLine, shanghaiTime } from './analytics-csv.ts';
import { ConfigError, loadConfig } from '../config.ts';

describe('percentile (linear between closest ranks, as percentile_cont)', () => {
  it('matches hand-computed values', () => {
    // sorted 1 2 3 4 10: median h = 2 → 3; p90 h = 3.6 → 4 + 0.6·(10 − 4) = 7.6
    expect(percentile([10, 3, 1, 4, 2], 0.5)).toBe(3);
    expect(percentile([10, 3, 1, 4, 2], 0.9)).toBeCloseTo(7.6, 10);
    // even count: median of 60 120 = 90; p90 h = 0.9 → 60 + 0.9·60 = 114
    expect(percentile([120, 60], 0.5)).toBe(90);
    expect(percentile([120, 60], 0.9)).toBeCloseTo(114, 10);
    expect(percentile([42], 0.9)).toBe(42);
    expect(percentile([5, 9], 0)).toBe(5);
    expect(percentile([5, 9], 1)).toBe(9);
  });

  it('is null without values and refuses p outside [0, 1]', () => {
    expect(percentile([], 0.5)).toBeNull();
    expect(() => percentile([1], 1.5)).toThrow(RangeError);
  });
});

describe('intervalStats', () => {
  it('counts only recorded, non-negative intervals and the share within target', () => {
    // values 100 170 180 200 (null and −5 dropped); within 180: 3 of 4
    const s = intervalStats([100, null, 180, 200, -5, 170], 180);
    expect(s.count).toBe(4);
    expect(s.median).toBe(175); // (170 + 180) / 2
    expect(s.p90).toBeCloseTo(194, 10); // h = 2.7 → 180 + 0.7·20
    expect(s.mean).toBe(162.5);
    expect(s.withinTarget).toBe(3);
    expect(s.shareWithinTarget).toBe(0.75);
  });

  it('has nulls, not zeros, when nothing was recorded', () => {
    expect(intervalStats([null, null], 60)).toEqual({
      count: 0,
      median: null,
      p90: null,
      mean: null,
      withinTarget: 0,
      shareWithinTarget: null,
    });
  });
});

describe('interval definitions', () => {
  it('defaults to the national indicators', () => {
    expect(DEFAULT_DEFINITIONS.dispatchToEnRoute).toEqual({ from: 'dispatched', to: 'en_route', targetSeconds: 180 });
    expect(DEFAULT_DEFINITIONS.total).toEqual({ from: 'call_received', to: 'on_scene', targetSeconds: 900 });
  });

  it('parses from..to with an optional target', () => {
    expect(parseDefinition('incident_created..on_scene@600', 900)).toEqual({
      from: 'incident_created',
      to: 'on_scene',
      targetSeconds: 600,
    });
    expect(parseDefinition(' dispatched..en_route ', 180)).toEqual({
      from: 'dispatched',
      to: 'en_route',
      targetSeconds: 180,
    });
  });

  it('refuses unknown stamps, same-stamp intervals, zero targets and garbage with a reason', () => {
    expect(() => parseDefinition('answered..on_scene', 1)).toThrow(/unknown stamp "answered"/);
    expect(() => parseDefinition('on_scene..on_scene', 1)).toThrow(/same stamp/);
    expect(() => parseDefinition('call_received..on_scene@0', 1)).toThrow(/positive/);
    expect(() => parseDefinition('call_received-on_scene', 1)).toThrow(DefinitionError);
  });

  it('applies a list over the defaults (env / config file form)', () => {
    const d = parseDefinitionList(
      '# centre rules\ntotal=incident_created..on_scene@720, callToDispatch=call_received..dispatched',
      DEFAULT_DEFINITIONS,
    );
    expect(d.total).toEqual({ from: 'incident_created', to: 'on_scene', targetSeconds: 720 });
    expect(d.callToDispatch).toEqual({ from: 'call_received', to: 'dispatched', targetSeconds: 60 });
    expect(d.enRouteToScene).toEqual(DEFAULT_DEFINITIONS.enRouteToScene);
    expect(() => parseDefinitionList('speed=en_route..on_scene', DEFAULT_DEFINITIONS)).toThrow(/one of/);
  });
});

describe('time helpers', () => {
  it('measures seconds between stamps and puts instants on the Shanghai calendar day', () => {
    expect(secondsBetween(new Date('2026-11-01T00:00:00Z'), new Date('2026-11-01T00:02:30.5Z'))).toBe(150.5);
    expect(secondsBetween(null, new Date())).toBeNull();
    expect(shanghaiDay(new Date('2026-11-22T15:59:59Z'))).toBe('2026-11-22');
    expect(shanghaiDay(new Date('2026-11-22T16:00:00Z'))).toBe('2026-11-23');
    expect(shanghaiTime(new Date('2026-11-22T16:00:05Z'))).toBe('2026-11-23 00:00:05');
    expect(shanghaiTime(null)).toBeNull();
  });
});

describe('CSV', () => {
  it('quotes what needs quoting and defuses formulas', () => {
    expect(csvField('胸痛, 出汗')).toBe('"胸痛, 出汗"');
    expect(csvField('说 "快"')).toBe('"说 ""快"""');
    expect(csvField('=HYPERLINK("x")')).toBe(`"'=HYPERLINK(""x"")"`);
    expect(csvField(-12.5)).toBe('-12.5');
    expect(csvField(null)).toBe('');
    expect(csvLine(['a', 1, null])).toBe('a,1,\r\n');
  });
});

describe('definitions from the environment', () => {
  it('applies ANALYTICS_INTERVALS over the defaults and stops the boot on a bad one', () => {
    const c = loadConfig({ ANALYTICS_INTERVALS: 'total=incident_created..on_scene@720' });
    expect(c.analyticsIntervals.total).toEqual({ from: 'incident_created', to: 'on_scene', targetSeconds: 720 });
    expect(c.analyticsIntervals.callToDispatch).toEqual(DEFAULT_DEFINITIONS.callToDispatch);
    expect(() => loadConfig({ ANALYTICS_INTERVALS: 'total=on_scene' })).toThrow(ConfigError);
    expect(() => loadConfig({ ANALYTICS_CONFIG_FILE: '/nonexistent/analytics.conf' })).toThrow(/analytics/);
  });

  it('reads a config file, then lets ANALYTICS_INTERVALS override it', () => {
    const dir = mkdtempSync(join(tmpdir(), 'c120-analytics-'));
    const file = join(dir, 'intervals.conf');
    writeFileSync(file, '# 本中心口径\nenRouteToScene=en_route..on_scene@600\ntotal=incident_created..on_scene\n');
    try {
      const fromFile = loadConfig({ ANALYTICS_CONFIG_FILE: file }).analyticsIntervals;
      expect(fromFile.enRouteToScene).toEqual({ from: 'en_route', to: 'on_scene', targetSeconds: 600 });
      expect(fromFile.total).toEqual({ from: 'incident_created', to: 'on_scene', targetSeconds: 900 });
      const both = loadConfig({
        ANALYTICS_CONFIG_FILE: file,
        ANALYTICS_INTERVALS: 'total=call_received..on_scene@720',
      });
      expect(both.analyticsIntervals.total).toEqual({ from: 'call_received', to: 'on_scene', targetSeconds: 720 });
      expect(both.analyticsIntervals.enRouteToScene.targetSeconds).toBe(600);
    } finally {
      rmSync(dir, { recursive: true });
    }
  });
});

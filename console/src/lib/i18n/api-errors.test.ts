import { describe, expect, it } from 'vitest';
import { apiErrorKey } from './api-errors.ts';
import { translate } from './translate.ts';

describe('server errors in the console language', () => {
  const zh = (e: { status: number; code?: string }) => translate('zh', apiErrorKey(e));
  it('translates by code, never showing the English server message in the Chinese UI', () => {
    expect(zh({ status: 403, code: 'forbidden_role' })).toBe('您的角色没有此操作权限（只读）');
    expect(zh({ status: 409, code: 'incident_has_active_run' })).toContain('加派');
    expect(zh({ status: 422, code: 'specialty_reason_required' })).toContain('专科中心');
  });
  it('falls back to the status, then to a generic message', () => {
    expect(zh({ status: 503 })).toContain('暂时不可用');
    expect(zh({ status: 418, code: 'teapot' })).toBe('请求有误');
    expect(zh({ status: 0 })).toBe('网络不可用，请检查连接');
  });
  it('speaks English when the user chose English', () => {
    expect(translate('en', apiErrorKey({ status: 403, code: 'forbidden_role' }))).toBe(
      'Your role may not do this (read-only)',
    );
  });
});

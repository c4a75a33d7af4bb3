import type { Agent } from 'node:https';
import nodemailer from 'nodemailer';
import webpush from 'web-push';
import type { OutsideMessage } from './message.js';
import type { NotifyConfig } from './settings.js';
import type { Channel } from './tables.js';

/**
 * A failed attempt. `reason` is safe to store and show: a status code or an error code, never the
 * provider's answer text (which can echo the address or phone number) or a secret.
 */
export class DeliveryError extends Error {
  constructor(
    readonly reason: string,
    /** Worth trying again later (network trouble, 429, 5xx); false when the request itself is refused. */
    readonly retryable: boolean,
    /** The web push subscription no longer exists (404/410): drop it. */
    readonly gone = false,
  ) {
    super(reason);
  }
}

export interface PushTarget {
  endpoint: string;
  p256dh: string;
  auth: string;
}

export interface Delivery {
  /** Stable per delivery: used as LINE's retry key so a retried push is not sent twice. */
  id: string;
  urgent: boolean;
  message: OutsideMessage;
  /** The address, LINE user id or phone number; for web push the subscription. */
  to: string | PushTarget;
}

export type Adapter = (d: Delivery) => Promise<void>;
export type Adapters = Partial<Record<Channel, Adapter>>;

const TIMEOUT_MS = 15_000;

function httpFailure(service: string, status: number): DeliveryError {
  return new DeliveryError(`${service} HTTP ${status}`, status === 429 || status === 408 || status >= 500);
}

async function post(service: string, url: string, init: RequestInit): Promise<Response> {
  try {
    return await fetch(url, { ...init, method: 'POST', signal: AbortSignal.timeout(TIMEOUT_MS) });
  } catch (err) {
    const code = (err as { cause?: { code?: string } }).cause?.code ?? (err as Error).name;
    throw new DeliveryError(`${service} unreachable (${code})`, true);
  }
}

/** E-mail through an SMTP server (nodemailer). */
export function emailAdapter(cfg: NonNullable<NotifyConfig['email']>): Adapter {
  const transport = nodemailer.createTransport({
    host: cfg.host,
    port: cfg.port,
    secure: cfg.secure,
    auth: cfg.user ? { user: cfg.user, pass: cfg.password ?? '' } : undefined,
    connectionTimeout: TIMEOUT_MS,
    greetingTimeout: TIMEOUT_MS,
    socketTimeout: TIMEOUT_MS,
    logger: false,
  });
  return async (d) => {
    try {
      await transport.sendMail({
        from: cfg.from,
        to: d.to as string,
        subject: d.message.subject,
        text: d.message.text,
        headers: d.urgent ? { Importance: 'high', 'X-Priority': '1' } : {},
      });
    } catch (err) {
      const e = err as { responseCode?: number; code?: string };
      if (e.responseCode) throw new DeliveryError(`SMTP ${e.responseCode}`, e.responseCode < 500);
      throw new DeliveryError(`SMTP ${e.code ?? 'error'}`, true);
    }
  };
}

/**
 * LINE Messaging API push message: POST {base}/v2/bot/message/push, Bearer channel access token,
 * {to, messages: [{type: 'text', text}]}, with X-Line-Retry-Key so a retry after a lost answer is not
 * delivered twice (LINE answers 409 with x-line-accepted-request-id when it already took the request).
 */
export function lineAdapter(cfg: NonNullable<NotifyConfig['line']>): Adapter {
  return async (d) => {
    const res = await post('LINE', `${cfg.apiBase}/v2/bot/message/push`, {
      headers: { authorization: `Bearer ${cfg.accessToken}`, 'content-type': 'application/json', 'x-line-retry-key': d.id },
      body: JSON.stringify({ to: d.to, messages: [{ type: 'text', text: d.message.text }] }),
    });
    await res.arrayBuffer().catch(() => undefined);
    if (res.ok) return;
    if (res.status === 409 && res.headers.get('x-line-accepted-request-id')) return;
    throw httpFailure('LINE', res.status);
  };
}

/** Thai mobile number as ThaiBulkSMS takes it: 66 and the number without its leading 0. */
export function msisdn(phone: string): string {
  return phone.startsWith('0') ? `66${phone.slice(1)}` : phone;
}

/**
 * ThaiBulkSMS API v2 (developer.thaibulksms.com): POST {base}/sms, HTTP Basic api key:secret,
 * application/x-www-form-urlencoded msisdn, message, sender, force (corporate|standard). It answers 201
 * with phone_number_list (accepted) and bad_phone_number_list (refused numbers), or 4xx/5xx with
 * { error: { code, name, description } }.
 */
export function smsAdapter(cfg: NonNullable<NotifyConfig['sms']>): Adapter {
  const basic = Buffer.from(`${cfg.apiKey}:${cfg.apiSecret}`).toString('base64');
  return async (d) => {
    const body = new URLSearchParams({ msisdn: msisdn(d.to as string), message: d.message.text, sender: cfg.sender, force: cfg.force });
    const res = await post('SMS', `${cfg.apiBase}/sms`, {
      headers: { authorization: `Basic ${basic}`, 'content-type': 'application/x-www-form-urlencoded', accept: 'application/json' },
      body: body.toString(),
    });
    const answer = (await res.json().catch(() => null)) as {
      phone_number_list?: unknown[];
      bad_phone_number_list?: unknown[];
      error?: { code?: unknown };
    } | null;
    if (!res.ok) {
      const code = answer?.error?.code;
      const e = httpFailure('SMS', res.status);
      throw typeof code === 'number' || typeof code === 'string' ? new DeliveryError(`${e.reason} (${String(code).slice(0, 20)})`, e.retryable) : e;
    }
    if (!answer?.phone_number_list?.length) throw new DeliveryError('SMS number refused', false);
  };
}

/** Web push (RFC 8030/8291/8292) with the server's VAPID keys, through the `web-push` library. */
export function webPushAdapter(
  cfg: NonNullable<NotifyConfig['webPush']>,
  keys: () => Promise<{ publicKey: string; privateKey: string }>,
  /** An HTTPS agent for the push service (tests: one that trusts the local stand-in's certificate). */
  agent?: Agent,
): Adapter {
  return async (d) => {
    const sub = d.to as PushTarget;
    const { publicKey, privateKey } = await keys();
    const payload = JSON.stringify({ title: d.message.pushTitle, body: d.message.pushBody, url: d.message.path, tag: d.id });
    try {
      await webpush.sendNotification({ endpoint: sub.endpoint, keys: { p256dh: sub.p256dh, auth: sub.auth } }, payload, {
        vapidDetails: { subject: cfg.subject, publicKey, privateKey },
        TTL: d.urgent ? 24 * 3600 : 4 * 24 * 3600,
        urgency: d.urgent ? 'high' : 'normal',
        timeout: TIMEOUT_MS,
        ...(agent ? { agent } : {}),
      });
    } catch (err) {
      const status = (err as { statusCode?: number }).statusCode;
      if (status === 404 || status === 410) throw new DeliveryError(`push HTTP ${status} (subscription gone)`, false, true);
      if (status) throw httpFailure('push', status);
      throw new DeliveryError(`push unreachable (${(err as { code?: string }).code ?? 'error'})`, true);
    }
  };
}

export function makeAdapters(cfg: NotifyConfig, vapid: () => Promise<{ publicKey: string; privateKey: string }>, pushAgent?: Agent): Adapters {
  const a: Adapters = {};
  if (cfg.email) a.email = emailAdapter(cfg.email);
  if (cfg.line) a.line = lineAdapter(cfg.line);
  if (cfg.sms) a.sms = smsAdapter(cfg.sms);
  if (cfg.webPush) a.webpush = webPushAdapter(cfg.webPush, vapid, pushAgent);
  return a;
}

export function offeredChannels(cfg: NotifyConfig): Channel[] {
  return (['webpush', 'email', 'line', 'sms'] as const).filter((c) => (c === 'webpush' ? cfg.webPush : cfg[c]) !== undefined);
}

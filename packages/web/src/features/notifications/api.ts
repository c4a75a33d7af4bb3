import { queryOptions } from '@tanstack/react-query';
import { api, get } from '../../api';

export type Channel = 'webpush' | 'email' | 'line' | 'sms';

export interface Preferences {
  email: { enabled: boolean; address: string | null };
  line: { enabled: boolean; userId: string | null };
  sms: { enabled: boolean; phone: string | null };
  webpush: { enabled: boolean };
  /** Asia/Bangkok "HH:MM"; from after to spans midnight. */
  quietHours: { from: string; to: string } | null;
}

export interface MyNotifications {
  offered: Channel[];
  vapidPublicKey: string | null;
  preferences: Preferences;
  pushSubscriptions: number;
}

export interface Delivery {
  id: string;
  channel: Channel;
  status: 'pending' | 'sent' | 'failed';
  attempts: number;
  nextAttemptAt: string | null;
  sentAt: string | null;
  lastError: string | null;
}

export interface MyNotice {
  id: string;
  kind: string;
  titleTh: string;
  titleEn: string;
  url: string;
  urgent: boolean;
  createdAt: string;
  deliveries: Delivery[];
}

export const myNotificationsQuery = queryOptions({
  queryKey: ['me', 'notifications'],
  queryFn: ({ signal }) => get<MyNotifications>('/api/me/notifications', undefined, signal),
});

export const myNoticesQuery = queryOptions({
  queryKey: ['me', 'notifications', 'notices'],
  queryFn: ({ signal }) => get<MyNotice[]>('/api/me/notifications/notices', undefined, signal),
});

/** A delivery to a user in the admin's area: who, which channel, how it went; never the text or the address. */
export interface AreaDelivery extends Delivery {
  noticeId: string;
  kind: string;
  urgent: boolean;
  createdAt: string;
  user: { id: string; username: string; displayName: string };
}

export const areaDeliveriesQuery = (status: Delivery['status'] | null) =>
  queryOptions({
    queryKey: ['notifications', 'deliveries', status],
    queryFn: ({ signal }) => get<AreaDelivery[]>('/api/notifications/deliveries', { status, limit: 100 }, signal),
  });

export const savePreferences = (body: Preferences) => api<MyNotifications>('/api/me/notifications', { method: 'PUT', body });
export const sendTestNotice = () => api<{ id: string }>('/api/me/notifications/test', { method: 'POST' });

function keyBytes(base64url: string): Uint8Array<ArrayBuffer> {
  const b64 = base64url.replace(/-/g, '+').replace(/_/g, '/') + '='.repeat((4 - (base64url.length % 4)) % 4);
  const raw = atob(b64);
  const out = new Uint8Array(new ArrayBuffer(raw.length));
  for (let i = 0; i < raw.length; i++) out[i] = raw.charCodeAt(i);
  return out;
}

export type PushState = 'unsupported' | 'denied' | 'off' | 'on';

/** Whether this browser can receive web push here, and whether it is subscribed. */
export async function pushState(): Promise<PushState> {
  if (!('serviceWorker' in navigator) || !('PushManager' in window) || !('Notification' in window)) return 'unsupported';
  if (Notification.permission === 'denied') return 'denied';
  const reg = await navigator.serviceWorker.getRegistration();
  if (!reg) return 'unsupported';
  return (await reg.pushManager.getSubscription()) ? 'on' : 'off';
}

/** Asks the browser's permission, subscribes with the server's VAPID key and registers the subscription. */
export async function subscribePush(vapidPublicKey: string): Promise<PushState> {
  if ((await pushState()) === 'unsupported') return 'unsupported';
  if ((await Notification.requestPermission()) !== 'granted') return 'denied';
  const reg = await navigator.serviceWorker.ready;
  const sub =
    (await reg.pushManager.getSubscription()) ?? (await reg.pushManager.subscribe({ userVisibleOnly: true, applicationServerKey: keyBytes(vapidPublicKey) }));
  const json = sub.toJSON();
  await api('/api/me/notifications/push-subscriptions', { method: 'POST', body: { endpoint: json.endpoint, keys: json.keys } });
  return 'on';
}

export async function unsubscribePush(): Promise<PushState> {
  const reg = await navigator.serviceWorker.getRegistration();
  const sub = await reg?.pushManager.getSubscription();
  if (sub) {
    await api('/api/me/notifications/push-subscriptions', { method: 'DELETE', query: { endpoint: sub.endpoint } }).catch(() => undefined);
    await sub.unsubscribe();
  }
  return 'off';
}

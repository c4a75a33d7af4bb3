import { z } from 'zod';

const custom = (en: string, th: string) => ({ message: en, params: { message_th: th } });

const time = z.string().refine((v) => /^([01]\d|2[0-3]):[0-5]\d$/.test(v), custom('A time as HH:MM (00:00–23:59)', 'เวลาในรูปแบบ ชช:นน (00:00–23:59)'));

/** A Thai mobile number, typed with or without spaces or dashes; stored as 10 digits. */
const phone = z
  .string()
  .transform((v) => v.replace(/[\s-]/g, ''))
  .refine((v) => /^0[689]\d{8}$/.test(v), custom('A Thai mobile number of 10 digits starting 06, 08 or 09', 'เบอร์โทรศัพท์มือถือ 10 หลัก ขึ้นต้นด้วย 06 08 หรือ 09'));

/** A LINE user id as the Messaging API gives it (webhook source.userId): U and 32 hex digits. */
const lineUserId = z
  .string()
  .trim()
  .refine(
    (v) => /^U[0-9a-f]{32}$/.test(v),
    custom(
      'A LINE user ID: U followed by 32 letters and digits (from the CareHub LINE account)',
      'LINE user ID: ตัว U ตามด้วยตัวอักษรและตัวเลข 32 ตัว (ได้จากบัญชี LINE ของ CareHub)',
    ),
  );

export const Preferences = z.object({
  email: z.object({ enabled: z.boolean(), address: z.string().trim().max(254).email().nullable() }),
  line: z.object({ enabled: z.boolean(), userId: lineUserId.nullable() }),
  sms: z.object({ enabled: z.boolean(), phone: phone.nullable() }),
  webpush: z.object({ enabled: z.boolean() }),
  /** Asia/Bangkok wall-clock times; from after to spans midnight. */
  quietHours: z.object({ from: time, to: time }).nullable(),
});
export type Preferences = z.infer<typeof Preferences>;

/** The same, as answered (no transforms: a response is encoded, not parsed). */
export const PreferencesOut = z.object({
  email: z.object({ enabled: z.boolean(), address: z.string().nullable() }),
  line: z.object({ enabled: z.boolean(), userId: z.string().nullable() }),
  sms: z.object({ enabled: z.boolean(), phone: z.string().nullable() }),
  webpush: z.object({ enabled: z.boolean() }),
  quietHours: z.object({ from: z.string(), to: z.string() }).nullable(),
});

export const ChannelName = z.enum(['webpush', 'email', 'line', 'sms']);

export const MyNotifications = z.object({
  /** Channels this server can send through; others are not offered. */
  offered: z.array(ChannelName),
  /** For the browser's PushManager.subscribe, when web push is offered. */
  vapidPublicKey: z.string().nullable(),
  preferences: PreferencesOut,
  pushSubscriptions: z.number().int(),
});

export const PushSubscriptionInput = z.object({
  endpoint: z
    .string()
    .max(2048)
    .refine((v) => /^https?:\/\/[^\s]+$/.test(v), custom('The push service address from the browser', 'ที่อยู่บริการแจ้งเตือนจากเบราว์เซอร์')),
  keys: z.object({ p256dh: z.string().min(1).max(200), auth: z.string().min(1).max(100) }),
});

export const DeliveryView = z.object({
  id: z.string().uuid(),
  channel: ChannelName,
  status: z.enum(['pending', 'sent', 'failed']),
  attempts: z.number().int(),
  nextAttemptAt: z.string().nullable(),
  sentAt: z.string().nullable(),
  lastError: z.string().nullable(),
});

export const MyNotice = z.object({
  id: z.string().uuid(),
  kind: z.string(),
  titleTh: z.string(),
  titleEn: z.string(),
  url: z.string(),
  urgent: z.boolean(),
  createdAt: z.string(),
  deliveries: z.array(DeliveryView),
});

/** What an admin sees of deliveries in their scope: who, which channel, how it went; never the text. */
export const AdminDelivery = DeliveryView.extend({
  noticeId: z.string().uuid(),
  kind: z.string(),
  urgent: z.boolean(),
  createdAt: z.string(),
  user: z.object({ id: z.string().uuid(), username: z.string(), displayName: z.string() }),
});

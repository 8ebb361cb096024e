// The signed-in user's own notifications (deadline reminders, escalations …) for the bell.
import { api } from '../../api/client.ts';

export interface AppNotification {
  id: number;
  kind: string;
  title: string;
  body: string;
  ticketCode: string | null;
  createdAt: string;
  readAt: string | null;
}

export interface NotificationPage {
  items: AppNotification[];
  unreadCount: number;
  nextBefore: number | null;
}

export const notificationKeys = {
  all: ['notifications'] as const,
  unread: ['notifications', 'unread-count'] as const,
  recent: ['notifications', 'recent'] as const,
};

export async function unreadCount(signal?: AbortSignal): Promise<number> {
  return (await api.get<{ unreadCount: number }>('/api/v1/notifications/unread-count', signal)).unreadCount;
}

export function recentNotifications(signal?: AbortSignal): Promise<NotificationPage> {
  return api.get('/api/v1/notifications?limit=10', signal);
}

export function markRead(id: number): Promise<{ unreadCount: number }> {
  return api.post(`/api/v1/notifications/${id}/read`);
}

export function markAllRead(): Promise<{ marked: number; unreadCount: number }> {
  return api.post('/api/v1/notifications/read-all');
}

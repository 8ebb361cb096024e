// The bell in the header: the unread count (refreshed live), and a panel with the latest
// notifications; opening one marks it read and goes to its ticket.
import { BellOutlined } from '@ant-design/icons';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { Badge, Button, Empty, Flex, List, Popover, Typography, theme } from 'antd';
import { useCallback, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useNavigate } from 'react-router';
import { errorMessage } from '../../api/client.ts';
import { formatDateTime } from '../../i18n/dates.ts';
import { currentLanguage } from '../../i18n/index.ts';
import { useLiveNotifications } from '../tickets/live.ts';
import { markAllRead, markRead, notificationKeys, recentNotifications, unreadCount, type AppNotification } from './notifications.api.ts';

export function NotificationBell({ enabled }: { enabled: boolean }) {
  const { t } = useTranslation();
  const { token } = theme.useToken();
  const language = currentLanguage();
  const navigate = useNavigate();
  const queryClient = useQueryClient();
  const [open, setOpen] = useState(false);
  const count = useQuery({ queryKey: notificationKeys.unread, queryFn: ({ signal }) => unreadCount(signal), enabled, staleTime: 60_000, retry: false });
  const recent = useQuery({ queryKey: notificationKeys.recent, queryFn: ({ signal }) => recentNotifications(signal), enabled: enabled && open, staleTime: 0 });
  const refresh = useCallback(() => void queryClient.invalidateQueries({ queryKey: notificationKeys.all }), [queryClient]);
  useLiveNotifications(enabled, refresh);
  const read = useMutation({ mutationFn: markRead, onSettled: refresh });
  const readAll = useMutation({ mutationFn: markAllRead, onSettled: refresh });
  const unread = count.data ?? 0;

  const openItem = (item: AppNotification) => {
    if (!item.readAt) read.mutate(item.id);
    if (item.ticketCode) {
      setOpen(false);
      void navigate(`/tickets/${item.ticketCode}`);
    }
  };

  const panel = (
    <Flex vertical gap="small" style={{ width: 360, maxWidth: '90vw' }} data-testid="notifications-panel">
      <Flex justify="space-between" align="center">
        <Typography.Text strong>{t('notifications.title')}</Typography.Text>
        <Button size="small" type="link" disabled={unread === 0} loading={readAll.isPending} onClick={() => readAll.mutate()}>
          {t('notifications.readAll')}
        </Button>
      </Flex>
      {recent.isError ? (
        <Typography.Text type="danger">{errorMessage(recent.error)}</Typography.Text>
      ) : (
        <List<AppNotification>
          size="small"
          loading={recent.isPending}
          dataSource={recent.data?.items ?? []}
          locale={{ emptyText: <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description={t('notifications.empty')} /> }}
          style={{ maxHeight: 420, overflowY: 'auto' }}
          renderItem={(item) => (
            <List.Item
              data-testid="notification"
              style={{ cursor: item.ticketCode ? 'pointer' : undefined, background: item.readAt ? undefined : token.colorPrimaryBg, paddingInline: 8 }}
              onClick={() => openItem(item)}
            >
              <Flex vertical gap={2} style={{ minWidth: 0 }}>
                <Typography.Text strong={!item.readAt}>{item.title}</Typography.Text>
                <Typography.Text type="secondary" style={{ fontSize: 13 }}>
                  {item.body}
                </Typography.Text>
                <Typography.Text type="secondary" style={{ fontSize: 12 }}>
                  {formatDateTime(item.createdAt, language)}
                  {item.ticketCode ? ` · ${item.ticketCode}` : ''}
                </Typography.Text>
              </Flex>
            </List.Item>
          )}
        />
      )}
    </Flex>
  );

  if (!enabled) return null;
  return (
    <Popover content={panel} trigger="click" placement="bottomRight" open={open} onOpenChange={setOpen}>
      <Button type="text" aria-label={t('notifications.bell', { n: unread })} data-testid="notification-bell">
        <Badge count={unread} size="small" overflowCount={99} data-testid="notification-count">
          <BellOutlined style={{ fontSize: 18 }} />
        </Badge>
      </Button>
    </Popover>
  );
}

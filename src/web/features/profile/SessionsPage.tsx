// "My sessions": where this account is signed in, this device marked, others ended on demand.
import { DesktopOutlined } from '@ant-design/icons';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { Alert, App, Button, Flex, Popconfirm, Table, Tag, Tooltip, Typography } from 'antd';
import { useTranslation } from 'react-i18next';
import { errorMessage } from '../../api/client.ts';
import { useDocumentTitle } from '../../components/use-document-title.ts';
import { formatDateTime } from '../../i18n/dates.ts';
import { currentLanguage } from '../../i18n/index.ts';
import { describeUserAgent, listOwnSessions, revokeOwnSession, SESSIONS_QUERY_KEY, type OwnSession } from './sessions.api.ts';

export const SESSIONS_PATH = '/profile/sessions';

export function SessionsPage() {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const language = currentLanguage();
  const queryClient = useQueryClient();
  useDocumentTitle(t('profile.sessions.title'));
  const sessions = useQuery({ queryKey: SESSIONS_QUERY_KEY, queryFn: ({ signal }) => listOwnSessions(signal), staleTime: 0 });
  const revoke = useMutation({
    mutationFn: (session: OwnSession) => revokeOwnSession(session.id),
    onSuccess: async () => {
      await queryClient.invalidateQueries({ queryKey: SESSIONS_QUERY_KEY });
      void message.success(t('profile.sessions.revoked'));
    },
    onError: (error) => void message.error(errorMessage(error)),
  });
  // This device first, then the most recently used.
  const rows = [...(sessions.data ?? [])].sort((a, b) => Number(b.current) - Number(a.current) || b.lastSeenAt.localeCompare(a.lastSeenAt));

  return (
    <Flex vertical gap="middle">
      <div>
        <Typography.Title level={1} style={{ fontSize: 24, marginBottom: 4 }}>
          {t('profile.sessions.title')}
        </Typography.Title>
        <Typography.Text type="secondary">{t('profile.sessions.description')}</Typography.Text>
      </div>
      {sessions.isError && <Alert type="error" showIcon title={errorMessage(sessions.error)} />}
      <Table<OwnSession>
        data-testid="sessions-table"
        rowKey="id"
        size="middle"
        loading={sessions.isPending}
        dataSource={rows}
        pagination={false}
        scroll={{ x: 900 }}
        locale={{ emptyText: t('admin.common.empty') }}
        columns={[
          {
            title: t('profile.sessions.device'),
            key: 'device',
            render: (_: unknown, session) => {
              const { browser, system } = describeUserAgent(session.userAgent);
              const label = browser && system ? t('profile.sessions.browserOn', { browser, system }) : (browser ?? system ?? t('profile.sessions.unknownDevice'));
              return (
                <Flex align="center" gap="small" wrap>
                  <DesktopOutlined aria-hidden />
                  <Tooltip title={session.userAgent ?? undefined}>
                    <span>{label}</span>
                  </Tooltip>
                  {session.current && (
                    <Tag color="blue" data-testid="this-device">
                      {t('profile.sessions.thisDevice')}
                    </Tag>
                  )}
                </Flex>
              );
            },
          },
          { title: t('profile.sessions.ip'), dataIndex: 'ip', width: 140, render: (ip: string | null) => ip ?? '—' },
          { title: t('profile.sessions.createdAt'), dataIndex: 'createdAt', width: 150, render: (value: string) => formatDateTime(value, language) },
          { title: t('profile.sessions.lastSeenAt'), dataIndex: 'lastSeenAt', width: 150, render: (value: string) => formatDateTime(value, language) },
          { title: t('profile.sessions.expiresAt'), dataIndex: 'expiresAt', width: 150, render: (value: string) => formatDateTime(value, language) },
          {
            title: t('admin.common.actions'),
            key: 'actions',
            width: 150,
            render: (_: unknown, session) =>
              session.current ? (
                <Typography.Text type="secondary">{t('profile.sessions.useSignOut')}</Typography.Text>
              ) : (
                <Popconfirm title={t('profile.sessions.revokeConfirm')} okText={t('admin.common.yes')} cancelText={t('admin.common.no')} onConfirm={() => revoke.mutate(session)}>
                  <Button danger size="small" loading={revoke.isPending && revoke.variables?.id === session.id}>
                    {t('profile.sessions.revoke')}
                  </Button>
                </Popconfirm>
              ),
          },
        ]}
      />
    </Flex>
  );
}

// API tokens for machines (mobile app, PBX, Open311 clients): list, issue (the token is shown
// once), revoke.
import { PlusOutlined } from '@ant-design/icons';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { Alert, App, Button, Checkbox, DatePicker, Flex, Form, Input, InputNumber, Modal, Popconfirm, Table, Tag, Tooltip } from 'antd';
import dayjs, { type Dayjs } from 'dayjs';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { API_TOKEN_SCOPES, API_TOKEN_SCOPE_NAMES, type ApiTokenScope } from '../../../common/scopes.ts';
import { errorDetail, errorMessage } from '../../api/client.ts';
import { useDocumentTitle } from '../../components/use-document-title.ts';
import { dateInputFormat, formatDateTime, TIME_ZONE } from '../../i18n/dates.ts';
import { currentLanguage } from '../../i18n/index.ts';
import { adminKeys, createApiToken, listApiTokens, revokeApiToken, type ApiToken } from './admin.api.ts';
import { AdminPageHeader, OneTimeSecretModal, placeFieldErrors } from './shared.tsx';

interface TokenForm {
  name: string;
  scopes: ApiTokenScope[];
  expiresOn?: Dayjs;
  rateLimitPerMinute?: number;
}

/** "read the audit trail" or "đọc nhật ký kiểm toán": the scope's description in the UI language. */
function scopeText(scope: ApiTokenScope, language: string): string {
  const [vi, en] = API_TOKEN_SCOPES[scope].split(' / ');
  return (language === 'en' ? en : vi) ?? API_TOKEN_SCOPES[scope];
}

function tokenState(token: ApiToken): 'revoked' | 'expired' | 'active' {
  if (token.revokedAt) return 'revoked';
  if (token.expiresAt && new Date(token.expiresAt).getTime() <= Date.now()) return 'expired';
  return 'active';
}

function IssueDialog({ onClose, onIssued }: { onClose: () => void; onIssued: (token: string) => void }) {
  const { t } = useTranslation();
  const language = currentLanguage();
  const queryClient = useQueryClient();
  const [form] = Form.useForm<TokenForm>();
  const issue = useMutation({
    mutationFn: (values: TokenForm) =>
      createApiToken({
        name: values.name.trim(),
        scopes: values.scopes,
        // The token works to the end of the chosen day, Vietnam time.
        ...(values.expiresOn ? { expiresAt: dayjs.tz(values.expiresOn.format('YYYY-MM-DD'), TIME_ZONE).endOf('day').toISOString() } : {}),
        ...(values.rateLimitPerMinute ? { rateLimitPerMinute: values.rateLimitPerMinute } : {}),
      }),
    onSuccess: async ({ token }) => {
      await queryClient.invalidateQueries({ queryKey: adminKeys.tokens });
      onIssued(token);
      onClose();
    },
    onError: (error) => placeFieldErrors(form, error, ['name', 'scopes', 'rateLimitPerMinute']),
  });
  return (
    <Modal
      open
      title={t('admin.tokens.issueTitle')}
      okText={t('admin.tokens.issue')}
      cancelText={t('admin.common.cancel')}
      confirmLoading={issue.isPending}
      onOk={() => form.submit()}
      onCancel={onClose}
      destroyOnHidden
      mask={{ closable: false }}
    >
      <Flex vertical gap="middle">
        {issue.error && <Alert type="error" showIcon title={errorMessage(issue.error)} description={errorDetail(issue.error)} />}
        <Form<TokenForm> form={form} name="token" layout="vertical" requiredMark={false} initialValues={{ scopes: [] }} onFinish={(values) => !issue.isPending && issue.mutate(values)}>
          <Form.Item name="name" label={t('admin.tokens.name')} extra={t('admin.tokens.nameHint')} rules={[{ required: true, whitespace: true, message: t('admin.tokens.nameRequired') }]}>
            <Input maxLength={100} autoComplete="off" />
          </Form.Item>
          <Form.Item name="scopes" label={t('admin.tokens.scopes')} rules={[{ required: true, type: 'array', min: 1, message: t('admin.tokens.scopesRequired') }]}>
            <Checkbox.Group>
              <Flex vertical gap={4}>
                {API_TOKEN_SCOPE_NAMES.map((scope) => (
                  <Checkbox key={scope} value={scope}>
                    <code>{scope}</code> — {scopeText(scope, language)}
                  </Checkbox>
                ))}
              </Flex>
            </Checkbox.Group>
          </Form.Item>
          <Form.Item name="expiresOn" label={t('admin.tokens.expiresOn')} extra={t('admin.tokens.expiresHint')}>
            <DatePicker format={dateInputFormat(currentLanguage())} disabledDate={(day) => day.isBefore(dayjs(), 'day')} style={{ width: 200 }} />
          </Form.Item>
          <Form.Item name="rateLimitPerMinute" label={t('admin.tokens.rateLimit')} extra={t('admin.tokens.rateLimitHint')}>
            <InputNumber min={1} max={100_000} precision={0} style={{ width: 200 }} />
          </Form.Item>
        </Form>
      </Flex>
    </Modal>
  );
}

export function ApiTokensPage() {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const language = currentLanguage();
  const queryClient = useQueryClient();
  useDocumentTitle(t('nav.apiTokens.title'));
  const [issuing, setIssuing] = useState(false);
  const [secret, setSecret] = useState<string | null>(null);
  const tokens = useQuery({ queryKey: adminKeys.tokens, queryFn: ({ signal }) => listApiTokens(signal) });
  const revoke = useMutation({
    mutationFn: (token: ApiToken) => revokeApiToken(token.id),
    onSuccess: async (_, token) => {
      await queryClient.invalidateQueries({ queryKey: adminKeys.tokens });
      void message.success(t('admin.tokens.revoked', { name: token.name }));
    },
    onError: (error) => void message.error(errorMessage(error)),
  });
  const when = (value: string | null, none: string) => (value ? formatDateTime(value, language) : none);

  return (
    <Flex vertical gap="middle">
      <AdminPageHeader
        title={t('nav.apiTokens.title')}
        description={t('nav.apiTokens.description')}
        extra={
          <Button type="primary" icon={<PlusOutlined />} onClick={() => setIssuing(true)}>
            {t('admin.tokens.issueTitle')}
          </Button>
        }
      />
      {tokens.isError && <Alert type="error" showIcon title={errorMessage(tokens.error)} />}
      <Table<ApiToken>
        data-testid="tokens-table"
        rowKey="id"
        size="middle"
        loading={tokens.isPending}
        dataSource={tokens.data ?? []}
        pagination={false}
        scroll={{ x: 1000 }}
        locale={{ emptyText: t('admin.common.empty') }}
        columns={[
          { title: t('admin.tokens.name'), dataIndex: 'name', width: 180 },
          { title: t('admin.tokens.prefix'), dataIndex: 'prefix', width: 130, render: (prefix: string) => <code>{prefix}…</code> },
          {
            title: t('admin.tokens.scopes'),
            dataIndex: 'scopes',
            render: (scopes: string[]) => (
              <Flex wrap gap={4}>
                {scopes.map((scope) => (
                  <Tooltip key={scope} title={scope in API_TOKEN_SCOPES ? scopeText(scope as ApiTokenScope, language) : undefined}>
                    <Tag>{scope}</Tag>
                  </Tooltip>
                ))}
              </Flex>
            ),
          },
          { title: t('admin.tokens.rateLimit'), dataIndex: 'rateLimitPerMinute', width: 120 },
          { title: t('admin.tokens.expiresAt'), dataIndex: 'expiresAt', width: 150, render: (value: string | null) => when(value, t('admin.tokens.noExpiry')) },
          { title: t('admin.tokens.lastUsed'), dataIndex: 'lastUsedAt', width: 150, render: (value: string | null) => when(value, t('admin.users.never')) },
          {
            title: t('admin.tokens.state'),
            key: 'state',
            width: 120,
            render: (_: unknown, token) => {
              const state = tokenState(token);
              return <Tag color={state === 'active' ? 'green' : state === 'revoked' ? 'red' : 'default'}>{t(`admin.tokens.stateValue.${state}`)}</Tag>;
            },
          },
          {
            title: t('admin.common.actions'),
            key: 'actions',
            width: 100,
            render: (_: unknown, token) =>
              token.revokedAt ? null : (
                <Popconfirm title={t('admin.tokens.revokeConfirm', { name: token.name })} okText={t('admin.common.yes')} cancelText={t('admin.common.no')} onConfirm={() => revoke.mutate(token)}>
                  <Button type="link" size="small" danger>
                    {t('admin.tokens.revoke')}
                  </Button>
                </Popconfirm>
              ),
          },
        ]}
      />
      {issuing && <IssueDialog onClose={() => setIssuing(false)} onIssued={setSecret} />}
      <OneTimeSecretModal title={t('admin.tokens.issuedTitle')} warning={t('admin.tokens.tokenOnce')} secret={secret} onClose={() => setSecret(null)} />
    </Flex>
  );
}

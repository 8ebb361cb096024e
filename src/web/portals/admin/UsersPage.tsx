// Administrators' accounts page: search by text, role and status; create (one-time password
// shown once), edit roles, unit and status, reset the password, unlock, reset two-factor.
import { MoreOutlined, PlusOutlined } from '@ant-design/icons';
import { useInfiniteQuery, useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { Alert, App, Button, Checkbox, Dropdown, Flex, Form, Input, Modal, Radio, Select, Space, Table, Tag, Typography } from 'antd';
import { useMemo, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { ROLES, isRole, type Role } from '../../../common/roles.ts';
import { ApiError, errorDetail, errorMessage } from '../../api/client.ts';
import { useDocumentTitle } from '../../components/use-document-title.ts';
import { ACCENT_FREE_SEARCH } from '../../features/tickets/labels.tsx';
import { formatDateTime } from '../../i18n/dates.ts';
import { currentLanguage } from '../../i18n/index.ts';
import {
  adminKeys,
  createUser,
  listOrgUnits,
  listUsers,
  resetUserMfa,
  resetUserPassword,
  unlockUser,
  updateUser,
  type AdminUser,
  type OrgUnitOption,
  type UserFilters,
  type UserStatus,
} from './admin.api.ts';
import { AdminPageHeader, OneTimeSecretModal, placeFieldErrors } from './shared.tsx';

interface UserForm {
  username: string;
  displayName: string;
  email?: string;
  roles: Role[];
  orgUnitCode?: string;
  status: UserStatus;
}

type UserAction = 'reset-password' | 'unlock' | 'reset-mfa';

const USER_FIELDS = ['username', 'displayName', 'email', 'roles', 'orgUnitCode', 'status'] as const;

function useOrgUnits() {
  return useQuery({ queryKey: adminKeys.orgUnits, queryFn: ({ signal }) => listOrgUnits(signal), staleTime: 5 * 60_000 });
}

function orgUnitOptions(units: OrgUnitOption[] | undefined) {
  return (units ?? []).map((unit) => ({ value: unit.code, label: unit.name }));
}

/** Create (no `user`) or edit one account. */
function UserDialog({ user, onClose, onCreated }: { user: AdminUser | null; onClose: () => void; onCreated: (password: string) => void }) {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const queryClient = useQueryClient();
  const [form] = Form.useForm<UserForm>();
  const orgUnits = useOrgUnits();
  const editing = user !== null;

  const save = useMutation({
    mutationFn: async (values: UserForm) => {
      const email = values.email?.trim();
      if (!user) {
        const created = await createUser({
          username: values.username.trim(),
          displayName: values.displayName.trim(),
          roles: values.roles,
          ...(email ? { email } : {}),
          ...(values.orgUnitCode ? { orgUnitCode: values.orgUnitCode } : {}),
        });
        return created.temporaryPassword;
      }
      await updateUser(user.id, {
        version: user.version,
        displayName: values.displayName.trim(),
        email: email || null,
        roles: values.roles,
        orgUnitCode: values.orgUnitCode ?? null,
        status: values.status,
      });
      return null;
    },
    onSuccess: async (password) => {
      await queryClient.invalidateQueries({ queryKey: adminKeys.allUsers });
      if (password) onCreated(password);
      else void message.success(t('admin.users.saved'));
      onClose();
    },
    onError: (error) => {
      placeFieldErrors(form, error, USER_FIELDS);
      if (error instanceof ApiError && error.status === 409 && editing) void queryClient.invalidateQueries({ queryKey: adminKeys.allUsers });
    },
  });

  const initial: Partial<UserForm> = user
    ? {
        username: user.username,
        displayName: user.displayName,
        email: user.email ?? undefined,
        roles: user.roles.filter(isRole),
        orgUnitCode: user.orgUnitCode ?? undefined,
        status: user.status === 'disabled' ? 'disabled' : 'active',
      }
    : { roles: [], status: 'active' };

  return (
    <Modal
      open
      title={editing ? t('admin.users.editTitle', { username: user.username }) : t('admin.users.createTitle')}
      okText={editing ? t('admin.common.save') : t('admin.users.create')}
      cancelText={t('admin.common.cancel')}
      confirmLoading={save.isPending}
      onOk={() => form.submit()}
      onCancel={onClose}
      destroyOnHidden
      mask={{ closable: false }}
    >
      <Flex vertical gap="middle">
        {save.error && <Alert type="error" showIcon title={errorMessage(save.error)} description={errorDetail(save.error)} />}
        <Form<UserForm> form={form} layout="vertical" requiredMark={false} initialValues={initial} onFinish={(values) => !save.isPending && save.mutate(values)} name="user">
          <Form.Item
            name="username"
            label={t('admin.users.username')}
            extra={editing ? undefined : t('admin.users.usernameHint')}
            rules={[
              { required: true, message: t('admin.users.usernameRequired') },
              { pattern: /^[a-zA-Z0-9._-]{3,64}$/, message: t('admin.users.usernameHint') },
            ]}
          >
            <Input disabled={editing} autoComplete="off" />
          </Form.Item>
          <Form.Item name="displayName" label={t('admin.users.displayName')} rules={[{ required: true, whitespace: true, message: t('admin.users.displayNameRequired') }]}>
            <Input autoComplete="off" />
          </Form.Item>
          <Form.Item name="email" label={t('admin.users.email')} rules={[{ type: 'email', message: t('admin.users.emailInvalid') }]}>
            <Input autoComplete="off" />
          </Form.Item>
          <Form.Item name="roles" label={t('admin.users.roles')} rules={[{ required: true, type: 'array', min: 1, message: t('admin.users.rolesRequired') }]}>
            <Checkbox.Group options={ROLES.map((role) => ({ value: role, label: t(`roles.${role}`) }))} />
          </Form.Item>
          <Form.Item name="orgUnitCode" label={t('admin.users.orgUnit')}>
            <Select allowClear showSearch={ACCENT_FREE_SEARCH} loading={orgUnits.isPending} options={orgUnitOptions(orgUnits.data)} placeholder={t('admin.users.orgUnitNone')} />
          </Form.Item>
          {editing && (
            <Form.Item name="status" label={t('admin.users.status')} extra={t('admin.users.disableHint')}>
              <Radio.Group
                optionType="button"
                options={[
                  { value: 'active', label: t('admin.users.statusValue.active') },
                  { value: 'disabled', label: t('admin.users.statusValue.disabled') },
                ]}
              />
            </Form.Item>
          )}
        </Form>
      </Flex>
    </Modal>
  );
}

export function UsersPage() {
  const { t } = useTranslation();
  const { message, modal } = App.useApp();
  const language = currentLanguage();
  const queryClient = useQueryClient();
  useDocumentTitle(t('nav.users.title'));

  const [q, setQ] = useState('');
  const [role, setRole] = useState<Role | undefined>();
  const [status, setStatus] = useState<UserStatus | undefined>();
  const [dialog, setDialog] = useState<{ user: AdminUser | null } | null>(null);
  const [secret, setSecret] = useState<{ password: string; title: string } | null>(null);

  const filters = useMemo<UserFilters>(() => ({ ...(q.trim() ? { q: q.trim() } : {}), ...(role ? { role } : {}), ...(status ? { status } : {}) }), [q, role, status]);
  const list = useInfiniteQuery({
    queryKey: adminKeys.users(filters),
    queryFn: ({ pageParam, signal }) => listUsers(filters, pageParam, signal),
    initialPageParam: undefined as string | undefined,
    getNextPageParam: (page) => page.nextCursor ?? undefined,
  });
  const orgUnits = useOrgUnits();
  const unitName = useMemo(() => new Map((orgUnits.data ?? []).map((unit) => [unit.code, unit.name])), [orgUnits.data]);
  const rows = list.data?.pages.flatMap((page) => page.items) ?? [];

  const act = useMutation({
    mutationFn: async ({ kind, user }: { kind: UserAction; user: AdminUser }) => {
      if (kind === 'reset-password') return { kind, user, password: await resetUserPassword(user.id) };
      if (kind === 'unlock') await unlockUser(user.id);
      else await resetUserMfa(user.id);
      return { kind, user, password: null };
    },
    onSuccess: async ({ kind, user, password }) => {
      await queryClient.invalidateQueries({ queryKey: adminKeys.allUsers });
      if (password) setSecret({ password, title: t('admin.users.resetPasswordDone', { username: user.username }) });
      else void message.success(t(kind === 'unlock' ? 'admin.users.unlocked' : 'admin.users.mfaReset', { username: user.username }));
    },
    onError: (error) => void message.error(errorMessage(error)),
  });
  const confirmAction = (kind: UserAction, user: AdminUser) => {
    // Unlocking takes nothing away; the other two end the account's sessions, so they ask first.
    if (kind === 'unlock') {
      act.mutate({ kind, user });
      return;
    }
    void modal.confirm({
      title: t(kind === 'reset-password' ? 'admin.users.resetPasswordConfirm' : 'admin.users.resetMfaConfirm', { username: user.username }),
      okText: t('admin.common.yes'),
      cancelText: t('admin.common.no'),
      okButtonProps: { danger: kind === 'reset-mfa' },
      onOk: () => act.mutateAsync({ kind, user }).catch(() => undefined),
    });
  };

  return (
    <Flex vertical gap="middle">
      <AdminPageHeader
        title={t('nav.users.title')}
        description={t('nav.users.description')}
        extra={
          <Button type="primary" icon={<PlusOutlined />} onClick={() => setDialog({ user: null })}>
            {t('admin.users.createTitle')}
          </Button>
        }
      />
      <Flex wrap gap="small">
        <Input.Search allowClear style={{ width: 300 }} placeholder={t('admin.users.searchPlaceholder')} aria-label={t('admin.users.search')} onSearch={setQ} />
        <Select
          allowClear
          style={{ minWidth: 200 }}
          placeholder={t('admin.users.roles')}
          aria-label={t('admin.users.roles')}
          value={role}
          onChange={setRole}
          options={ROLES.map((value) => ({ value, label: t(`roles.${value}`) }))}
        />
        <Select
          allowClear
          style={{ minWidth: 160 }}
          placeholder={t('admin.users.status')}
          aria-label={t('admin.users.status')}
          value={status}
          onChange={setStatus}
          options={(['active', 'disabled'] as const).map((value) => ({ value, label: t(`admin.users.statusValue.${value}`) }))}
        />
      </Flex>
      {list.isError && <Alert type="error" showIcon title={errorMessage(list.error)} />}
      <Table<AdminUser>
        data-testid="users-table"
        rowKey="id"
        size="middle"
        loading={list.isPending}
        dataSource={rows}
        pagination={false}
        scroll={{ x: 1100 }}
        locale={{ emptyText: t('admin.common.empty') }}
        columns={[
          {
            title: t('admin.users.username'),
            dataIndex: 'username',
            width: 220,
            render: (_: string, user) => (
              <Flex vertical>
                <Typography.Text strong>{user.username}</Typography.Text>
                <Typography.Text type="secondary">{user.displayName}</Typography.Text>
              </Flex>
            ),
          },
          {
            title: t('admin.users.roles'),
            dataIndex: 'roles',
            render: (roles: string[]) => (
              <Flex wrap gap={4}>
                {roles.map((r) => (
                  <Tag key={r}>{isRole(r) ? t(`roles.${r}`) : r}</Tag>
                ))}
              </Flex>
            ),
          },
          { title: t('admin.users.orgUnit'), dataIndex: 'orgUnitCode', width: 200, render: (code: string | null) => (code ? (unitName.get(code) ?? code) : '—') },
          {
            title: t('admin.users.status'),
            dataIndex: 'status',
            width: 150,
            render: (value: string, user) => (
              <Flex wrap gap={4}>
                <Tag color={value === 'active' ? 'green' : 'default'}>{t(`admin.users.statusValue.${value === 'active' ? 'active' : 'disabled'}`)}</Tag>
                {user.mustChangePassword && <Tag color="orange">{t('admin.users.mustChange')}</Tag>}
              </Flex>
            ),
          },
          {
            title: t('admin.users.mfa'),
            key: 'mfa',
            width: 150,
            render: (_: unknown, user) =>
              user.mfaEnabled ? (
                <Tag color="green">{t('admin.users.mfaOn')}</Tag>
              ) : (
                <Tag color={user.mfaRequired ? 'red' : 'default'}>{user.mfaRequired ? t('admin.users.mfaMissing') : t('admin.users.mfaOff')}</Tag>
              ),
          },
          {
            title: t('admin.users.lastLogin'),
            dataIndex: 'lastLoginAt',
            width: 150,
            render: (value: string | null) => (value ? formatDateTime(value, language) : t('admin.users.never')),
          },
          {
            title: t('admin.common.actions'),
            key: 'actions',
            width: 170,
            fixed: 'right',
            render: (_: unknown, user) => (
              <Space size={4}>
                <Button size="small" onClick={() => setDialog({ user })}>
                  {t('admin.common.edit')}
                </Button>
                <Dropdown
                  trigger={['click']}
                  menu={{
                    items: [
                      { key: 'reset-password', label: t('admin.users.resetPassword') },
                      { key: 'unlock', label: t('admin.users.unlock') },
                      { key: 'reset-mfa', label: t('admin.users.resetMfa'), danger: true, disabled: !user.mfaEnabled },
                    ],
                    onClick: ({ key }) => confirmAction(key as UserAction, user),
                  }}
                >
                  <Button size="small" icon={<MoreOutlined />} aria-label={t('admin.users.more', { username: user.username })} />
                </Dropdown>
              </Space>
            ),
          },
        ]}
      />
      {list.hasNextPage && (
        <Flex justify="center">
          <Button onClick={() => void list.fetchNextPage()} loading={list.isFetchingNextPage}>
            {t('admin.common.loadMore')}
          </Button>
        </Flex>
      )}
      {dialog && (
        <UserDialog
          user={dialog.user}
          onClose={() => setDialog(null)}
          onCreated={(password) => setSecret({ password, title: t('admin.users.createdTitle') })}
        />
      )}
      <OneTimeSecretModal title={secret?.title ?? ''} warning={t('admin.users.passwordOnce')} secret={secret?.password ?? null} onClose={() => setSecret(null)} />
    </Flex>
  );
}

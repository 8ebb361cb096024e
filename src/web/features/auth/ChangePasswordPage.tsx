import { LockOutlined } from '@ant-design/icons';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { Alert, App, Button, Flex, Form, Input, Typography } from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { ApiError, errorDetail, errorMessage } from '../../api/client.ts';
import { useDocumentTitle } from '../../components/use-document-title.ts';
import { changePassword, type ChangePasswordInput } from './auth.api.ts';
import { SESSION_QUERY_KEY } from './session.ts';

/** Where the shell sends a user who must change their password. */
export const CHANGE_PASSWORD_PATH = '/profile/password';

/** The server's minimum; checked here too so that the user learns it before submitting. */
const MIN_LENGTH = 12;

interface ChangePasswordForm {
  currentPassword: string;
  newPassword: string;
  confirmPassword: string;
}

const FORM_FIELDS = new Set<string>(['currentPassword', 'newPassword', 'confirmPassword']);

/** "Change password": current password, the new one twice; server reasons shown on their fields. */
export function ChangePasswordPage() {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const queryClient = useQueryClient();
  const [form] = Form.useForm<ChangePasswordForm>();
  const [done, setDone] = useState(false);
  useDocumentTitle(t('password.title'));

  const change = useMutation({
    mutationFn: (input: ChangePasswordInput) => changePassword(input),
    onMutate: () => setDone(false),
    onSuccess: async () => {
      form.resetFields();
      setDone(true);
      void message.success(t('password.success'));
      // The server has cleared mustChangePassword: reload who is signed in.
      await queryClient.refetchQueries({ queryKey: SESSION_QUERY_KEY });
    },
    onError: (error) => {
      if (!(error instanceof ApiError)) return;
      if (error.code === 'auth.wrong_password') {
        form.setFields([{ name: 'currentPassword', errors: [error.title] }]);
        return;
      }
      const byField = new Map<keyof ChangePasswordForm, string[]>();
      for (const item of error.errors) {
        const name = (item.path ?? item.field ?? '').replace(/^\//, '');
        if (!FORM_FIELDS.has(name) || !item.message) continue;
        const key = name as keyof ChangePasswordForm;
        byField.set(key, [...(byField.get(key) ?? []), item.message]);
      }
      if (byField.size > 0) form.setFields([...byField].map(([name, errors]) => ({ name, errors })));
    },
  });

  const error = change.error;
  // Errors placed on a field are not repeated in the banner.
  const fieldError =
    error instanceof ApiError &&
    (error.code === 'auth.wrong_password' ||
      error.errors.some((item) => FORM_FIELDS.has((item.path ?? item.field ?? '').replace(/^\//, '')) && item.message));

  return (
    <Flex vertical gap="large" style={{ maxWidth: 480 }}>
      <div>
        <Typography.Title level={1} style={{ fontSize: 24, marginBottom: 4 }}>
          {t('password.title')}
        </Typography.Title>
        <Typography.Paragraph type="secondary" style={{ marginBottom: 0 }}>
          {t('password.description')}
        </Typography.Paragraph>
      </div>
      {done && <Alert type="success" showIcon title={t('password.success')} description={t('password.successDetail')} />}
      {error && !fieldError && <Alert type="error" showIcon title={errorMessage(error)} description={errorDetail(error)} />}
      <Form<ChangePasswordForm>
        form={form}
        layout="vertical"
        requiredMark={false}
        onFinish={(values) => {
          if (change.isPending) return;
          change.mutate({ currentPassword: values.currentPassword, newPassword: values.newPassword });
        }}
      >
        <Form.Item
          name="currentPassword"
          label={t('password.current')}
          rules={[{ required: true, message: t('password.currentRequired') }]}
        >
          <Input.Password prefix={<LockOutlined aria-hidden />} autoComplete="current-password" autoFocus />
        </Form.Item>
        <Form.Item
          name="newPassword"
          label={t('password.new')}
          extra={t('password.hint', { min: MIN_LENGTH })}
          rules={[
            { required: true, message: t('password.newRequired') },
            {
              validator: (_, value: string | undefined) =>
                !value || [...value.normalize('NFC')].length >= MIN_LENGTH
                  ? Promise.resolve()
                  : Promise.reject(new Error(t('password.tooShort', { min: MIN_LENGTH }))),
            },
          ]}
        >
          <Input.Password prefix={<LockOutlined aria-hidden />} autoComplete="new-password" />
        </Form.Item>
        <Form.Item
          name="confirmPassword"
          label={t('password.confirm')}
          dependencies={['newPassword']}
          rules={[
            { required: true, message: t('password.confirmRequired') },
            ({ getFieldValue }) => ({
              validator: (_, value: string | undefined) =>
                !value || value === getFieldValue('newPassword')
                  ? Promise.resolve()
                  : Promise.reject(new Error(t('password.mismatch'))),
            }),
          ]}
        >
          <Input.Password prefix={<LockOutlined aria-hidden />} autoComplete="new-password" />
        </Form.Item>
        <Button type="primary" htmlType="submit" loading={change.isPending}>
          {t('password.submit')}
        </Button>
      </Form>
    </Flex>
  );
}

import { LockOutlined, PhoneOutlined, SafetyOutlined, UserOutlined } from '@ant-design/icons';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { Alert, Button, Card, Flex, Form, Input, Typography, theme, type InputRef } from 'antd';
import { useEffect, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, Navigate, useLocation, useNavigate } from 'react-router';
import { ApiError, errorDetail, errorMessage } from '../../api/client.ts';
import { FullPageSpinner } from '../../components/FullPageSpinner.tsx';
import { LanguageSwitch } from '../../components/LanguageSwitch.tsx';
import { useDocumentTitle } from '../../components/use-document-title.ts';
import { login, type LoginInput } from './auth.api.ts';
import { isOtpOrRecoveryCode } from './mfa.api.ts';
import { SESSION_QUERY_KEY, useSession } from './session.ts';

interface LoginForm {
  username: string;
  password: string;
  otp?: string;
}

/** Where to go after signing in: back to the page that sent us here, else home. */
function targetAfterLogin(state: unknown): string {
  const from = (state as { from?: unknown } | null)?.from;
  return typeof from === 'string' && from.startsWith('/') && !from.startsWith('/login') ? from : '/';
}

/** The staff sign-in page: username and password, then a TOTP code when the account has one. */
export function LoginPage() {
  const { t } = useTranslation();
  const { token } = theme.useToken();
  const navigate = useNavigate();
  const location = useLocation();
  const queryClient = useQueryClient();
  const session = useSession();
  const [form] = Form.useForm<LoginForm>();
  const [otpRequired, setOtpRequired] = useState(false);
  const passwordRef = useRef<InputRef>(null);
  const otpRef = useRef<InputRef>(null);
  useDocumentTitle(t('login.title'));

  const signIn = useMutation({
    mutationFn: (input: LoginInput) => login(input),
    onSuccess: (user) => {
      queryClient.setQueryData(SESSION_QUERY_KEY, user);
      void navigate(targetAfterLogin(location.state), { replace: true });
    },
    onError: (error) => {
      if (error instanceof ApiError && error.code === 'auth.otp_required') {
        setOtpRequired(true);
        return;
      }
      // A wrong password or code: select it so that typing replaces it.
      (otpRequired ? otpRef : passwordRef).current?.focus({ cursor: 'all' });
    },
  });

  useEffect(() => {
    if (otpRequired) otpRef.current?.focus();
  }, [otpRequired]);

  if (session.isPending) return <FullPageSpinner />;
  if (session.data) return <Navigate to={targetAfterLogin(location.state)} replace />;

  const error = signIn.error;
  const otpPrompt = error instanceof ApiError && error.code === 'auth.otp_required';

  return (
    <Flex align="center" justify="center" style={{ minHeight: '100vh', padding: 16, background: token.colorBgLayout }}>
      <main style={{ width: '100%', maxWidth: 420 }}>
        <Card>
          <Flex justify="flex-end">
            <LanguageSwitch />
          </Flex>
          <Flex vertical align="center" gap={4} style={{ margin: '8px 0 24px', textAlign: 'center' }}>
            <PhoneOutlined aria-hidden style={{ fontSize: 36, color: token.colorPrimary }} />
            <Typography.Title level={1} style={{ fontSize: 26, margin: 0 }}>
              {t('app.name')}
            </Typography.Title>
            <Typography.Text type="secondary">{t('app.tagline')}</Typography.Text>
          </Flex>
          <Typography.Title level={2} style={{ fontSize: 18, marginTop: 0 }}>
            {t('login.title')}
          </Typography.Title>
          {error && (
            <Alert
              style={{ marginBottom: 16 }}
              type={otpPrompt ? 'info' : 'error'}
              showIcon
              title={errorMessage(error)}
              description={errorDetail(error)}
            />
          )}
          <Form<LoginForm>
            form={form}
            layout="vertical"
            requiredMark={false}
            onValuesChange={(changed: Partial<LoginForm>) => {
              // A different account may not need a code: ask again from scratch.
              if ('username' in changed && otpRequired) {
                setOtpRequired(false);
                form.setFieldValue('otp', undefined);
              }
            }}
            onFinish={(values) => {
              if (signIn.isPending) return;
              signIn.mutate({
                username: values.username.trim(),
                password: values.password,
                ...(otpRequired && values.otp ? { otp: values.otp.replace(/\s+/g, '') } : {}),
              });
            }}
          >
            <Form.Item
              name="username"
              label={t('login.username')}
              rules={[{ required: true, whitespace: true, message: t('login.usernameRequired') }]}
            >
              <Input prefix={<UserOutlined aria-hidden />} autoComplete="username" autoFocus autoCapitalize="none" spellCheck={false} />
            </Form.Item>
            <Form.Item name="password" label={t('login.password')} rules={[{ required: true, message: t('login.passwordRequired') }]}>
              <Input.Password ref={passwordRef} prefix={<LockOutlined aria-hidden />} autoComplete="current-password" />
            </Form.Item>
            {otpRequired && (
              <Form.Item
                name="otp"
                label={t('login.otp')}
                extra={t('login.otpHelp')}
                rules={[
                  { required: true, whitespace: true, message: t('login.otpRequired') },
                  {
                    validator: (_, value: string | undefined) =>
                      !value?.trim() || isOtpOrRecoveryCode(value) ? Promise.resolve() : Promise.reject(new Error(t('login.otpFormat'))),
                  },
                ]}
              >
                <Input
                  ref={otpRef}
                  prefix={<SafetyOutlined aria-hidden />}
                  autoComplete="one-time-code"
                  autoFocus
                  autoCapitalize="characters"
                  spellCheck={false}
                  maxLength={16}
                />
              </Form.Item>
            )}
            <Button type="primary" htmlType="submit" block size="large" loading={signIn.isPending}>
              {t('login.submit')}
            </Button>
          </Form>
          {/* Citizens who arrive at the address of the hotline find their own pages here. */}
          <Typography.Paragraph style={{ textAlign: 'center', marginTop: 16, marginBottom: 0 }}>
            <Link to="/cong-dan">{t('login.citizenPortal')}</Link>
          </Typography.Paragraph>
        </Card>
      </main>
    </Flex>
  );
}

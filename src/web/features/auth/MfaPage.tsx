import { CheckCircleOutlined, CopyOutlined, LinkOutlined, SafetyOutlined } from '@ant-design/icons';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { Alert, App, Button, Card, Flex, Form, Input, Skeleton, Tag, Typography, theme, type FormInstance } from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useLocation, useNavigate } from 'react-router';
import { ApiError, errorDetail, errorMessage } from '../../api/client.ts';
import { useDocumentTitle } from '../../components/use-document-title.ts';
import { mfaRequiredFor } from '../../../common/roles.ts';
import type { SessionUser } from './auth.api.ts';
import { confirmMfa, fetchMfaState, groupSecret, MFA_QUERY_KEY, normalizeTotp, renewRecoveryCodes, startMfaSetup, type MfaSetup } from './mfa.api.ts';
import { SESSION_QUERY_KEY, useCurrentUser } from './session.ts';

/** Where the shell sends a user whose role requires two-factor authentication not yet set up. */
export const MFA_PATH = '/profile/mfa';

/** Fewer unused recovery codes than this: suggest renewing them. */
const FEW_CODES_LEFT = 3;

interface OtpForm {
  otp: string;
}

/** The six-digit code field, shared by enrolment and renewal. */
function OtpField({ label, autoFocus }: { label: string; autoFocus?: boolean }) {
  const { t } = useTranslation();
  return (
    <Form.Item
      name="otp"
      label={label}
      rules={[
        { required: true, whitespace: true, message: t('mfa.codeRequired') },
        {
          validator: (_, value: string | undefined) =>
            !value?.trim() || normalizeTotp(value) ? Promise.resolve() : Promise.reject(new Error(t('mfa.codeFormat'))),
        },
      ]}
    >
      <Input
        prefix={<SafetyOutlined aria-hidden />}
        autoComplete="one-time-code"
        inputMode="numeric"
        maxLength={7}
        spellCheck={false}
        autoFocus={autoFocus}
        style={{ maxWidth: 220 }}
      />
    </Form.Item>
  );
}

/** Puts `auth.otp_invalid` on the code field; returns false for other errors (shown in a banner). */
function showOnField(form: FormInstance<OtpForm>, error: unknown): boolean {
  if (error instanceof ApiError && error.code === 'auth.otp_invalid') {
    form.setFields([{ name: 'otp', errors: [error.title] }]);
    return true;
  }
  return false;
}

/** The recovery codes, shown once, with a copy button and "I have saved them". */
function RecoveryCodes({ codes, renewed, onSaved, saving }: { codes: string[]; renewed: boolean; onSaved: () => void; saving: boolean }) {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const { token } = theme.useToken();

  const copy = async () => {
    try {
      await navigator.clipboard.writeText(codes.join('\n'));
      void message.success(t('mfa.copied'));
    } catch {
      void message.error(t('mfa.copyFailed'));
    }
  };

  return (
    <Flex vertical gap="middle">
      <Alert type="success" showIcon title={renewed ? t('mfa.renewedTitle') : t('mfa.enabledTitle')} description={renewed ? t('mfa.renewedDetail') : t('mfa.enabledDetail')} />
      <Alert type="warning" showIcon title={t('mfa.codesWarningTitle')} description={t('mfa.codesWarningDetail')} />
      <Card size="small" title={t('mfa.codesTitle')}>
        <ol
          data-testid="recovery-codes"
          aria-label={t('mfa.codesTitle')}
          style={{
            display: 'grid',
            gridTemplateColumns: 'repeat(auto-fill, minmax(150px, 1fr))',
            gap: '8px 24px',
            margin: 0,
            paddingInlineStart: 40,
            fontFamily: token.fontFamilyCode,
            fontSize: 16,
          }}
        >
          {codes.map((code) => (
            <li key={code}>{code}</li>
          ))}
        </ol>
      </Card>
      <Flex gap="small" wrap>
        <Button icon={<CopyOutlined />} onClick={() => void copy()}>
          {t('mfa.copy')}
        </Button>
        <Button type="primary" icon={<CheckCircleOutlined />} loading={saving} onClick={onSaved}>
          {t('mfa.saved')}
        </Button>
      </Flex>
    </Flex>
  );
}

/** Not enabled yet: start, add the key to the app, confirm with a first code. */
function Enrol({ user, onConfirmed }: { user: SessionUser; onConfirmed: (codes: string[]) => void }) {
  const { t } = useTranslation();
  const { token } = theme.useToken();
  const queryClient = useQueryClient();
  const [form] = Form.useForm<OtpForm>();
  const [setup, setSetup] = useState<MfaSetup | null>(null);

  const start = useMutation({
    mutationFn: startMfaSetup,
    onSuccess: (answer) => {
      // A new key: forget a code typed for the previous one (the form exists only once a key is shown).
      if (setup) form.resetFields();
      confirm.reset();
      setSetup(answer);
    },
    onError: (error) => {
      // Turned on meanwhile (another tab): reload who is signed in, which shows the enabled state.
      if (error instanceof ApiError && error.code === 'auth.mfa_already_enabled') void queryClient.refetchQueries({ queryKey: SESSION_QUERY_KEY });
    },
  });

  const confirm = useMutation({
    mutationFn: (otp: string) => confirmMfa(otp),
    onSuccess: (codes) => {
      // The server has turned two-factor on; the session is reloaded once the codes are saved.
      queryClient.setQueryData<SessionUser | null>(SESSION_QUERY_KEY, (current) => (current ? { ...current, mfaEnabled: true } : current));
      onConfirmed(codes);
    },
    onError: (error) => {
      showOnField(form, error);
    },
  });

  const required = user.mfaRequired ?? mfaRequiredFor(user.roles);
  const confirmError = confirm.error && !(confirm.error instanceof ApiError && confirm.error.code === 'auth.otp_invalid') ? confirm.error : null;
  const error = start.error ?? confirmError;

  return (
    <Flex vertical gap="middle">
      <Flex align="center" gap="small" wrap>
        <Typography.Text strong>{t('mfa.status')}</Typography.Text>
        <Tag color="default">{t('mfa.off')}</Tag>
      </Flex>
      <Typography.Paragraph style={{ marginBottom: 0 }}>{required ? t('mfa.requiredIntro') : t('mfa.optionalIntro')}</Typography.Paragraph>
      {error && <Alert type="error" showIcon title={errorMessage(error)} description={errorDetail(error)} />}
      {!setup ? (
        <div>
          <Button type="primary" size="large" icon={<SafetyOutlined />} loading={start.isPending} onClick={() => start.mutate()}>
            {t('mfa.start')}
          </Button>
        </div>
      ) : (
        <>
          <Card size="small" title={t('mfa.step1Title')}>
            <Typography.Paragraph style={{ marginBottom: 0 }}>{t('mfa.step1')}</Typography.Paragraph>
          </Card>
          <Card size="small" title={t('mfa.step2Title')}>
            <Typography.Paragraph>{t('mfa.noQr')}</Typography.Paragraph>
            <Flex vertical gap={4} style={{ marginBottom: 12 }}>
              <Typography.Text type="secondary">{t('mfa.secretLabel')}</Typography.Text>
              <Typography.Text copyable={{ text: setup.secret, tooltips: [t('mfa.copy'), t('mfa.copied')] }}>
                <span data-testid="mfa-secret" style={{ fontFamily: token.fontFamilyCode, fontSize: 18, fontWeight: 600, letterSpacing: 1, wordBreak: 'break-word' }}>
                  {groupSecret(setup.secret)}
                </span>
              </Typography.Text>
              <Typography.Text type="secondary">{t('mfa.secretHint', { account: user.username })}</Typography.Text>
            </Flex>
            <Flex vertical gap={4}>
              <Typography.Link href={setup.otpauthUri}>
                <LinkOutlined aria-hidden /> {t('mfa.openLink')}
              </Typography.Link>
              <Typography.Text type="secondary">{t('mfa.openLinkHint')}</Typography.Text>
            </Flex>
          </Card>
          <Card size="small" title={t('mfa.step3Title')}>
            <Typography.Paragraph>{t('mfa.step3')}</Typography.Paragraph>
            <Form<OtpForm>
              form={form}
              layout="vertical"
              requiredMark={false}
              onFinish={(values) => {
                const otp = normalizeTotp(values.otp);
                if (otp && !confirm.isPending) confirm.mutate(otp);
              }}
            >
              <OtpField label={t('mfa.codeLabel')} />
              <Flex gap="small" wrap>
                <Button type="primary" htmlType="submit" loading={confirm.isPending}>
                  {t('mfa.confirm')}
                </Button>
                <Button type="link" disabled={start.isPending} onClick={() => start.mutate()}>
                  {t('mfa.restart')}
                </Button>
              </Flex>
            </Form>
          </Card>
        </>
      )}
    </Flex>
  );
}

/** Enabled: the state, codes left, and renewing the recovery codes. */
function Enabled({ onRenewed }: { onRenewed: (codes: string[]) => void }) {
  const { t } = useTranslation();
  const [form] = Form.useForm<OtpForm>();
  const state = useQuery({ queryKey: MFA_QUERY_KEY, queryFn: ({ signal }) => fetchMfaState(signal) });

  const renew = useMutation({
    mutationFn: (otp: string) => renewRecoveryCodes(otp),
    onSuccess: (codes) => {
      form.resetFields();
      onRenewed(codes);
    },
    onError: (error) => {
      showOnField(form, error);
    },
  });
  const renewError = renew.error && !(renew.error instanceof ApiError && renew.error.code === 'auth.otp_invalid') ? renew.error : null;
  const left = state.data?.recoveryCodesLeft;

  return (
    <Flex vertical gap="middle">
      <Flex align="center" gap="small" wrap>
        <Typography.Text strong>{t('mfa.status')}</Typography.Text>
        <Tag color="success">{t('mfa.on')}</Tag>
      </Flex>
      <Typography.Paragraph style={{ marginBottom: 0 }}>{t('mfa.onDetail')}</Typography.Paragraph>
      {state.isPending ? (
        <Skeleton active paragraph={{ rows: 1 }} title={false} />
      ) : state.isError ? (
        <Alert type="error" showIcon title={errorMessage(state.error)} description={errorDetail(state.error)} />
      ) : (
        <Alert
          type={left !== undefined && left < FEW_CODES_LEFT ? 'warning' : 'info'}
          showIcon
          title={t('mfa.codesLeft', { left })}
          description={left !== undefined && left < FEW_CODES_LEFT ? t('mfa.codesLow') : undefined}
        />
      )}
      <Card size="small" title={t('mfa.renewTitle')}>
        <Typography.Paragraph>{t('mfa.renewDetail')}</Typography.Paragraph>
        {renewError && <Alert style={{ marginBottom: 16 }} type="error" showIcon title={errorMessage(renewError)} description={errorDetail(renewError)} />}
        <Form<OtpForm>
          form={form}
          layout="vertical"
          requiredMark={false}
          onFinish={(values) => {
            const otp = normalizeTotp(values.otp);
            if (otp && !renew.isPending) renew.mutate(otp);
          }}
        >
          <OtpField label={t('mfa.codeLabel')} />
          <Button htmlType="submit" loading={renew.isPending}>
            {t('mfa.renew')}
          </Button>
        </Form>
      </Card>
    </Flex>
  );
}

/** "Two-factor authentication": set up TOTP, see the state, renew recovery codes. */
export function MfaPage() {
  const { t } = useTranslation();
  const user = useCurrentUser();
  const location = useLocation();
  const navigate = useNavigate();
  const queryClient = useQueryClient();
  const [codes, setCodes] = useState<{ list: string[]; renewed: boolean } | null>(null);
  const [saving, setSaving] = useState(false);
  useDocumentTitle(t('mfa.title'));

  const saved = async () => {
    const renewed = codes?.renewed ?? false;
    setSaving(true);
    try {
      await Promise.all([
        queryClient.refetchQueries({ queryKey: SESSION_QUERY_KEY }),
        queryClient.invalidateQueries({ queryKey: MFA_QUERY_KEY }),
      ]);
    } finally {
      setSaving(false);
    }
    setCodes(null);
    // Sent here by the shell: carry on to where the user was going.
    const from = (location.state as { from?: unknown } | null)?.from;
    if (!renewed && typeof from === 'string' && from.startsWith('/')) {
      void navigate(from.startsWith('/profile/') ? '/' : from, { replace: true });
    }
  };

  return (
    <Flex vertical gap="large" style={{ maxWidth: 720 }}>
      <div>
        <Typography.Title level={1} style={{ fontSize: 24, marginBottom: 4 }}>
          {t('mfa.title')}
        </Typography.Title>
        <Typography.Paragraph type="secondary" style={{ marginBottom: 0 }}>
          {t('mfa.description')}
        </Typography.Paragraph>
      </div>
      {codes ? (
        <RecoveryCodes codes={codes.list} renewed={codes.renewed} saving={saving} onSaved={() => void saved()} />
      ) : user.mfaEnabled ? (
        <Enabled onRenewed={(list) => setCodes({ list, renewed: true })} />
      ) : (
        <Enrol user={user} onConfirmed={(list) => setCodes({ list, renewed: false })} />
      )}
    </Flex>
  );
}

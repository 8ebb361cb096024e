// Pieces the admin pages share: the page header, a secret shown once with a copy button,
// and server field errors placed on the form's fields.
import { CopyOutlined } from '@ant-design/icons';
import { Alert, App, Button, Flex, Modal, Typography, type FormInstance } from 'antd';
import { useTranslation } from 'react-i18next';
import { ApiError } from '../../api/client.ts';

export { PageHeader as AdminPageHeader } from '../../components/PageHeader.tsx';

/** A password or token the server returns once: shown with a copy button until closed. */
export function OneTimeSecretModal({ title, warning, secret, onClose }: { title: string; warning: string; secret: string | null; onClose: () => void }) {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const copy = async () => {
    if (!secret) return;
    try {
      await navigator.clipboard.writeText(secret);
      void message.success(t('admin.common.copied'));
    } catch {
      void message.warning(t('admin.common.copyFailed'));
    }
  };
  return (
    <Modal
      open={secret !== null}
      title={title}
      onCancel={onClose}
      mask={{ closable: false }}
      // Once closed, the secret leaves the page.
      destroyOnHidden
      footer={
        <Button type="primary" onClick={onClose}>
          {t('admin.common.savedClose')}
        </Button>
      }
    >
      <Flex vertical gap="middle">
        <Alert type="warning" showIcon title={warning} />
        <Flex align="center" gap="small" wrap>
          <Typography.Text code style={{ fontSize: 18, wordBreak: 'break-all' }} data-testid="one-time-secret">
            {secret}
          </Typography.Text>
          <Button icon={<CopyOutlined />} onClick={() => void copy()}>
            {t('admin.common.copy')}
          </Button>
        </Flex>
      </Flex>
    </Modal>
  );
}

/** Puts the server's per-field reasons (`errors[].path`) on the form's fields; true if any was placed. */
export function placeFieldErrors(form: FormInstance, error: unknown, fields: readonly string[]): boolean {
  if (!(error instanceof ApiError)) return false;
  const byField = new Map<string, string[]>();
  for (const item of error.errors) {
    const name = (item.path ?? item.field ?? '').replace(/^\//, '').split('/')[0] ?? '';
    if (!fields.includes(name) || !item.message) continue;
    byField.set(name, [...(byField.get(name) ?? []), item.message]);
  }
  if (byField.size > 0) form.setFields([...byField].map(([name, errors]) => ({ name, errors })));
  return byField.size > 0;
}

// The org unit dialogs: create or edit a unit (effective dates, head, email-only), name its focal
// points from its staff, and name the units that took over when it ended.
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { Alert, App, DatePicker, Flex, Form, Input, Modal, Select, Switch, Typography } from 'antd';
import dayjs, { type Dayjs } from 'dayjs';
import type { ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { ApiError, errorDetail, errorMessage } from '../../api/client.ts';
import { ACCENT_FREE_SEARCH } from '../../features/tickets/labels.tsx';
import { dateInputFormat } from '../../i18n/dates.ts';
import { currentLanguage } from '../../i18n/index.ts';
import { ticketKeys, unitStaff } from '../../features/tickets/tickets.api.ts';
import {
  createOrgUnit,
  ORG_UNIT_KINDS,
  organizationKeys,
  setFocalPoints,
  setSuccessors,
  updateOrgUnit,
  type OrgUnitFields,
  type OrgUnitKind,
  type OrgUnitView,
} from './organization.api.ts';
import { placeFieldErrors } from './shared.tsx';

type UnitForm = Omit<OrgUnitFields, 'validFrom' | 'validTo' | 'shortName' | 'parentCode' | 'email' | 'phone' | 'address' | 'headName' | 'headTitle' | 'headEmail'> & {
  code: string;
  validFrom?: Dayjs | null;
  validTo?: Dayjs | null;
} & Partial<Record<'shortName' | 'parentCode' | 'email' | 'phone' | 'address' | 'headName' | 'headTitle' | 'headEmail', string | null>>;

const UNIT_FIELDS = ['code', 'name', 'shortName', 'kind', 'parentCode', 'validFrom', 'validTo', 'email', 'phone', 'address', 'headName', 'headTitle', 'headEmail', 'emailOnly', 'aliases'] as const;

const orNull = (value: string | null | undefined) => (value && value.trim() ? value.trim() : null);
const dateOrNull = (value: Dayjs | null | undefined) => (value ? value.format('YYYY-MM-DD') : null);

/** A dialog whose mutation's error shows on top, and refreshes the tree when saved. */
function SavingModal({ title, pending, error, onOk, onClose, children }: { title: string; pending: boolean; error: unknown; onOk: () => void; onClose: () => void; children: ReactNode }) {
  const { t } = useTranslation();
  return (
    <Modal open title={title} okText={t('admin.common.save')} cancelText={t('admin.common.cancel')} confirmLoading={pending} onOk={onOk} onCancel={onClose} destroyOnHidden mask={{ closable: false }} width={680}>
      <Flex vertical gap="middle">
        {error !== null && <Alert type="error" showIcon title={errorMessage(error)} description={errorDetail(error)} />}
        {children}
      </Flex>
    </Modal>
  );
}

function useSaved(onClose: () => void) {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const queryClient = useQueryClient();
  return {
    onSuccess: async () => {
      await queryClient.invalidateQueries({ queryKey: organizationKeys.allOrgUnits });
      void queryClient.invalidateQueries({ queryKey: ['reference'] });
      void message.success(t('admin.orgUnits.saved'));
      onClose();
    },
    // Someone changed the unit meanwhile: reload it, the message says what happened.
    onConflict: (error: unknown) => {
      if (error instanceof ApiError && error.status === 409) void queryClient.invalidateQueries({ queryKey: organizationKeys.allOrgUnits });
    },
  };
}

/** Create (no `unit`) or edit one unit. */
export function OrgUnitDialog({ unit, units, onClose }: { unit: OrgUnitView | null; units: OrgUnitView[]; onClose: () => void }) {
  const { t } = useTranslation();
  const [form] = Form.useForm<UnitForm>();
  const saved = useSaved(onClose);
  const save = useMutation({
    mutationFn: (values: UnitForm) => {
      const fields = {
        name: values.name.trim(),
        shortName: orNull(values.shortName),
        kind: values.kind,
        parentCode: values.parentCode ?? null,
        validFrom: dateOrNull(values.validFrom),
        validTo: dateOrNull(values.validTo),
        email: orNull(values.email),
        phone: orNull(values.phone),
        address: orNull(values.address),
        headName: orNull(values.headName),
        headTitle: orNull(values.headTitle),
        headEmail: orNull(values.headEmail),
        emailOnly: values.emailOnly,
        aliases: (values.aliases ?? []).map((alias) => alias.trim()).filter(Boolean),
      };
      return unit ? updateOrgUnit(unit.code, { version: unit.version, ...fields }) : createOrgUnit({ code: values.code.trim(), ...fields });
    },
    onSuccess: saved.onSuccess,
    onError: (error) => {
      placeFieldErrors(form, error, UNIT_FIELDS);
      saved.onConflict(error);
    },
  });
  const initial: Partial<UnitForm> = unit
    ? {
        ...unit,
        kind: unit.kind as OrgUnitKind,
        validFrom: unit.validFrom ? dayjs(unit.validFrom) : null,
        validTo: unit.validTo ? dayjs(unit.validTo) : null,
      }
    : { kind: 'department', emailOnly: false, aliases: [] };
  const parents = units.filter((other) => other.code !== unit?.code && !other.ended).map((other) => ({ value: other.code, label: other.name }));
  const text = (name: keyof UnitForm, label: string, rules: object[] = []) => (
    <Form.Item name={name} label={t(`admin.orgUnits.${label}` as 'admin.orgUnits.name')} rules={rules} style={{ minWidth: 280, flex: 1 }}>
      <Input autoComplete="off" />
    </Form.Item>
  );
  return (
    <SavingModal title={unit ? t('admin.orgUnits.editTitle', { name: unit.name }) : t('admin.orgUnits.createTitle')} pending={save.isPending} error={save.error} onOk={() => form.submit()} onClose={onClose}>
      <Form<UnitForm> form={form} name="org-unit" layout="vertical" requiredMark={false} initialValues={initial} onFinish={(values) => !save.isPending && save.mutate(values)}>
        {!unit && text('code', 'code', [{ required: true, pattern: /^[a-z0-9]+(?:[-_][a-z0-9]+)*$/, message: t('admin.orgUnits.codeHint') }])}
        {text('name', 'name', [{ required: true, whitespace: true, message: t('admin.orgUnits.nameRequired') }])}
        <Flex gap="middle" wrap>
          {text('shortName', 'shortName')}
          <Form.Item name="kind" label={t('admin.orgUnits.kind')} style={{ minWidth: 240 }}>
            <Select options={ORG_UNIT_KINDS.map((value) => ({ value, label: t(`admin.orgUnits.kinds.${value}`) }))} />
          </Form.Item>
        </Flex>
        <Form.Item name="parentCode" label={t('admin.orgUnits.parent')}>
          <Select allowClear showSearch={ACCENT_FREE_SEARCH} options={parents} />
        </Form.Item>
        <Flex gap="middle" wrap>
          <Form.Item name="validFrom" label={t('admin.orgUnits.validFrom')}>
            <DatePicker format={dateInputFormat(currentLanguage())} style={{ width: 200 }} />
          </Form.Item>
          <Form.Item name="validTo" label={t('admin.orgUnits.validTo')} extra={t('admin.orgUnits.validToHint')}>
            <DatePicker format={dateInputFormat(currentLanguage())} style={{ width: 200 }} />
          </Form.Item>
        </Flex>
        <Flex gap="middle" wrap>
          {text('email', 'email', [{ type: 'email', message: t('admin.users.emailInvalid') }])}
          {text('phone', 'phone')}
        </Flex>
        {text('address', 'address')}
        <Typography.Text strong>{t('admin.orgUnits.head')}</Typography.Text>
        <Flex gap="middle" wrap style={{ marginTop: 8 }}>
          {text('headName', 'headName')}
          {text('headTitle', 'headTitle')}
        </Flex>
        {text('headEmail', 'headEmail', [{ type: 'email', message: t('admin.users.emailInvalid') }])}
        <Form.Item name="emailOnly" label={t('admin.orgUnits.emailOnly')} extra={t('admin.orgUnits.emailOnlyHint')} valuePropName="checked">
          <Switch />
        </Form.Item>
        <Form.Item name="aliases" label={t('admin.orgUnits.aliases')} extra={t('admin.orgUnits.aliasesHint')}>
          <Select mode="tags" open={false} suffixIcon={null} />
        </Form.Item>
      </Form>
    </SavingModal>
  );
}

/** Names the focal points among the unit's active accounts (none: its agency_focal users act). */
export function FocalPointsDialog({ unit, onClose }: { unit: OrgUnitView; onClose: () => void }) {
  const { t } = useTranslation();
  const [form] = Form.useForm<{ userIds: string[] }>();
  const saved = useSaved(onClose);
  const staff = useQuery({ queryKey: ticketKeys.staff(unit.code), queryFn: ({ signal }) => unitStaff(unit.code, signal) });
  const save = useMutation({ mutationFn: ({ userIds }: { userIds: string[] }) => setFocalPoints(unit.code, unit.version, userIds ?? []), onSuccess: saved.onSuccess, onError: saved.onConflict });
  const options = (staff.data ?? []).map((user) => ({ value: user.id, label: `${user.displayName} (${user.username})` }));
  return (
    <SavingModal title={t('admin.orgUnits.focalTitle', { name: unit.name })} pending={save.isPending} error={save.error ?? staff.error} onOk={() => form.submit()} onClose={onClose}>
      <Alert type="info" showIcon title={t('admin.orgUnits.focalHint')} />
      <Form form={form} name="focal-points" layout="vertical" initialValues={{ userIds: unit.focalPoints.map((point) => point.userId) }} onFinish={(values) => !save.isPending && save.mutate(values)}>
        <Form.Item name="userIds" label={t('admin.orgUnits.focalPoints')}>
          <Select mode="multiple" showSearch={ACCENT_FREE_SEARCH} loading={staff.isPending} options={options} notFoundContent={t('tickets.actions.noStaff')} />
        </Form.Item>
      </Form>
    </SavingModal>
  );
}

/** Names the units in force that took over this one. */
export function SuccessorsDialog({ unit, units, onClose }: { unit: OrgUnitView; units: OrgUnitView[]; onClose: () => void }) {
  const { t } = useTranslation();
  const [form] = Form.useForm<{ successorCodes: string[] }>();
  const saved = useSaved(onClose);
  const save = useMutation({
    mutationFn: ({ successorCodes }: { successorCodes: string[] }) => setSuccessors(unit.code, unit.version, successorCodes ?? []),
    onSuccess: saved.onSuccess,
    onError: saved.onConflict,
  });
  const options = units.filter((other) => other.code !== unit.code && !other.ended).map((other) => ({ value: other.code, label: other.name }));
  return (
    <SavingModal title={t('admin.orgUnits.successorsTitle', { name: unit.name })} pending={save.isPending} error={save.error} onOk={() => form.submit()} onClose={onClose}>
      <Form form={form} name="successors" layout="vertical" initialValues={{ successorCodes: unit.successorCodes }} onFinish={(values) => !save.isPending && save.mutate(values)}>
        <Form.Item name="successorCodes" label={t('admin.orgUnits.successors')} extra={t('admin.orgUnits.successorsHint')}>
          <Select mode="multiple" showSearch={ACCENT_FREE_SEARCH} options={options} />
        </Form.Item>
      </Form>
    </SavingModal>
  );
}

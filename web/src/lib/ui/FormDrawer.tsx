import type { ReactNode } from 'react';
import { Button, Drawer, Flex, Grid } from 'antd';
import { useI18n } from '../i18n/useI18n';

/** A side drawer holding one form, with cancel and save in its footer; full width on a phone. */
export function FormDrawer({
  open,
  onClose,
  title,
  width,
  saving,
  onSave,
  saveTestId,
  children,
}: {
  open: boolean;
  onClose: () => void;
  title: ReactNode;
  width: number;
  saving: boolean;
  /** Submits the form (`form.submit()`). */
  onSave: () => void;
  saveTestId: string;
  children: ReactNode;
}) {
  const { t } = useI18n();
  const screens = Grid.useBreakpoint();
  return (
    <Drawer
      open={open}
      onClose={onClose}
      title={title}
      size={screens.md ? width : '100%'}
      destroyOnHidden
      footer={
        <Flex justify="flex-end" gap={8}>
          <Button onClick={onClose}>{t('common.cancel')}</Button>
          <Button type="primary" loading={saving} onClick={onSave} data-testid={saveTestId}>
            {t('common.save')}
          </Button>
        </Flex>
      }
    >
      {children}
    </Drawer>
  );
}

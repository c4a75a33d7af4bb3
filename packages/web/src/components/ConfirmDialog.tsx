import { Button, Group, Modal, Text } from '@mantine/core';
import { useRef } from 'react';
import { useTranslation } from 'react-i18next';

interface ConfirmDialogProps {
  opened: boolean;
  title: string;
  message: string;
  confirmLabel: string;
  onConfirm: () => void;
  onClose: () => void;
  loading?: boolean;
  danger?: boolean;
}

/** A yes/no question before an action that cannot be undone easily. */
export function ConfirmDialog({ opened, title, message, confirmLabel, onConfirm, onClose, loading, danger = true }: ConfirmDialogProps) {
  const { t } = useTranslation();
  // Keep the words while the dialog fades out, when the caller has already cleared what it was about.
  const shown = useRef({ title, message });
  if (opened) shown.current = { title, message };
  return (
    <Modal opened={opened} onClose={onClose} title={shown.current.title} centered closeButtonProps={{ 'aria-label': t('common.close') }}>
      <Text mb="lg">{shown.current.message}</Text>
      <Group justify="flex-end" gap="sm">
        <Button variant="default" onClick={onClose} disabled={loading}>
          {t('common.cancel')}
        </Button>
        <Button color={danger ? 'red' : undefined} onClick={onConfirm} loading={loading} data-autofocus>
          {confirmLabel}
        </Button>
      </Group>
    </Modal>
  );
}

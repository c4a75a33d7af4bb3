import { Modal, type ModalProps } from '@mantine/core';
import { useMediaQuery } from '@mantine/hooks';
import type { ReactNode } from 'react';
import { useTranslation } from 'react-i18next';

/**
 * A dialog holding a form: full screen on a phone, the close button named in the user's language,
 * and the form mounted only while open, so each opening starts afresh from its initial values.
 */
export function FormModal({ opened, onClose, title, size, children }: Pick<ModalProps, 'opened' | 'onClose' | 'title' | 'size'> & { children: ReactNode }) {
  const { t } = useTranslation();
  const phone = useMediaQuery('(max-width: 36em)');
  return (
    <Modal opened={opened} onClose={onClose} title={title} size={size} fullScreen={phone} closeButtonProps={{ 'aria-label': t('common.close') }}>
      {opened && children}
    </Modal>
  );
}

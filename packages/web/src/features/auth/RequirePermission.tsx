import type { Permission } from '@carehub/core';
import { Alert } from '@mantine/core';
import type { ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { ButtonLink } from '../../components/links';
import { PageHeader } from '../../components/PageHeader';
import { hasPermission, useMe } from './api';

/** Renders the page only for roles with the permission (the server checks again). */
export function RequirePermission({ permission, children }: { permission: Permission; children: ReactNode }) {
  const me = useMe();
  if (hasPermission(me, permission)) return children;
  return <Forbidden />;
}

export function Forbidden() {
  const { t } = useTranslation();
  return (
    <>
      <PageHeader title={t('common.forbiddenTitle')} />
      <Alert color="orange" role="alert">
        {t('common.forbiddenText')}
      </Alert>
      <ButtonLink to="/" variant="light" mt="md">
        {t('common.goHome')}
      </ButtonLink>
    </>
  );
}

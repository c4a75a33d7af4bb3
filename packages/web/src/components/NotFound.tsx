import { Container, Text } from '@mantine/core';
import { useTranslation } from 'react-i18next';
import { ButtonLink } from './links';
import { PageHeader } from './PageHeader';

export function NotFound() {
  const { t } = useTranslation();
  return (
    <Container size="sm" py="xl" component="main">
      <PageHeader title={t('common.notFoundTitle')} />
      <Text mb="md">{t('common.notFoundText')}</Text>
      <ButtonLink to="/" variant="light">
        {t('common.goHome')}
      </ButtonLink>
    </Container>
  );
}

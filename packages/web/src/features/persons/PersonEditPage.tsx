import { useQuery } from '@tanstack/react-query';
import { ErrorAlert } from '../../components/ErrorAlert';
import { Loading } from '../../components/Loading';
import { personQuery } from './api';
import { PersonForm } from './PersonForm';

/** /persons/new, or /persons/$id/edit with the record as last read (its version guards the edit). */
export function PersonEditPage({ id }: { id?: string }) {
  const person = useQuery({ ...personQuery(id ?? ''), enabled: !!id });
  if (!id) return <PersonForm />;
  if (person.isPending) return <Loading />;
  if (person.isError) return <ErrorAlert error={person.error} onRetry={() => person.refetch()} />;
  return <PersonForm key={person.data.version} person={person.data} />;
}

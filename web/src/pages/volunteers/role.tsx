import { paths } from '../../../../functions/lib/paths';
import { me } from '../../auth';
import { ButtonLink } from '../../components/Button';
import { Loading } from '../../components/Loading';
import { LoadFailed, SignInFirst, useApi } from '../../components/load';
import { Notice } from '../../components/Notice';
import { Page } from '../../components/Page';
import { SummaryList } from '../../components/SummaryList';
import type { PageProps } from '../../routes';
import { listDays, RequirementsText } from './common';
import { statusText } from './status';

/** One role: what it involves, what it needs in plain English, and how to apply. */
export default function RolePage({ params }: PageProps) {
  const [role, retry] = useApi('getRole', { params: { roleId: params.roleId ?? '' } });
  const person = me.value;
  const [mine] = useApi('listApplications', person ? {} : null);

  if (role.state === 'loading') {
    return (
      <Page title="Volunteer role">
        <Loading label="Loading the role…" />
      </Page>
    );
  }
  if (role.state === 'failed') {
    return (
      <Page title={role.error.status === 404 ? 'Role not found' : 'Volunteer role'}>
        {role.error.status === 404 ? (
          <p>
            This role may have closed or been filled. <a href={paths.volunteerRoles()}>See the roles that are open</a>.
          </p>
        ) : (
          <LoadFailed error={role.error} retry={retry} />
        )}
      </Page>
    );
  }
  const r = role.data;
  const application = mine.state === 'ready' ? mine.data.items.find((a) => a.roleId === r.roleId) : undefined;

  return (
    <Page title={r.title} caption="Volunteer role">
      <p class="lead">{r.description}</p>
      <SummaryList
        rows={[
          ['Where', r.location],
          ['Time it takes', r.commitment],
          ['Days', r.days.length ? listDays(r.days) : 'Ask the coordinator'],
          ['Skills that help', r.skills.length ? r.skills.join(', ') : 'None needed: we will show you what to do'],
        ]}
      />
      <h2 class="heading-m">What you need</h2>
      <RequirementsText role={r} />

      <h2 class="heading-m">Apply</h2>
      {person === undefined || (person && mine.state === 'loading') ? (
        <Loading />
      ) : !person ? (
        <SignInFirst what="apply" next={paths.applyForRole({ roleId: r.roleId })} button="Sign in to apply">
          It takes about 5 minutes.
        </SignInFirst>
      ) : application && application.status !== 'withdrawn' ? (
        <Notice title={`You applied on ${new Date(application.appliedAt).toLocaleDateString('en-GB', { timeZone: 'Europe/London', day: 'numeric', month: 'long', year: 'numeric' })}`}>
          <p>{statusText(application)}</p>
          <p>
            <a href={paths.volunteering()}>See your volunteering</a>
          </p>
        </Notice>
      ) : (
        <>
          <p>We will ask when you are free, why you would like to help, and your date of birth. It takes about 5 minutes.</p>
          <ButtonLink href={paths.applyForRole({ roleId: r.roleId })}>Apply for this role</ButtonLink>
        </>
      )}
      <p>
        <a href={paths.volunteerRoles()}>Back to all roles</a>
      </p>
    </Page>
  );
}

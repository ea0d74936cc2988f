/**
 * An admin manages one of the partnership's lists: care communities, partner organisations or priorities.
 * Add one, change its name and description, archive it (it stays on old records but leaves the lists people
 * choose from) or bring it back.
 */
import { useState } from 'preact/hooks';
import { paths } from '../../../../functions/lib/paths';
import { callApi } from '../../api';
import { Button } from '../../components/Button';
import { ErrorSummary, errorFor, type SummaryError, summaryFrom } from '../../components/ErrorSummary';
import { TextArea, TextField } from '../../components/fields';
import { Loaded, useApi } from '../../components/load';
import { Notice } from '../../components/Notice';
import { Page } from '../../components/Page';
import { Tag } from '../../components/SummaryList';
import type { PageProps } from '../../routes';

interface Item {
  id: string;
  name?: string;
  label?: string;
  description?: string;
  archived?: boolean;
}

/** What an admin sends: a new item's name, or a change (its words, or archiving it). */
type Change = { name?: string; description?: string; archived?: boolean };

interface Kind {
  list: 'listCareCommunities' | 'listOrganisations' | 'listPriorities';
  add(name: string, description?: string): Promise<unknown>;
  change(id: string, change: Change): Promise<unknown>;
  one: string;
  nameField: 'name' | 'label';
  nameQuestion: string;
  archiveNote: string;
}

/** The priority's name is its label. */
const asPriority = ({ name, ...rest }: Change) => ({ ...rest, ...(name === undefined ? {} : { label: name }) });

const kinds: Record<string, Kind> = {
  [paths.careCommunities.pattern]: {
    list: 'listCareCommunities',
    add: (name, description) => callApi('createCareCommunity', { body: { name, ...(description ? { description } : {}) } }),
    change: (id, change) => callApi('updateCareCommunity', { params: { id }, body: change }),
    one: 'care community',
    nameField: 'name',
    nameQuestion: 'Name of the area',
    archiveNote: 'An archived care community stays on its hubs, but no new hub can be put in it.',
  },
  [paths.manageOrganisations.pattern]: {
    list: 'listOrganisations',
    add: (name, description) => callApi('createOrganisation', { body: { name, ...(description ? { description } : {}) } }),
    change: (id, change) => callApi('updateOrganisation', { params: { id }, body: change }),
    one: 'partner organisation',
    nameField: 'name',
    nameQuestion: 'Name of the organisation',
    archiveNote: 'An archived organisation stays on its activities, but leaves the lists people choose from.',
  },
  [paths.priorities.pattern]: {
    list: 'listPriorities',
    add: (label, description) => callApi('createPriority', { body: { label, ...(description ? { description } : {}) } }),
    change: (id, change) => callApi('updatePriority', { params: { id }, body: asPriority(change) }),
    one: 'priority',
    nameField: 'label',
    nameQuestion: 'The priority, in a few words',
    archiveNote: 'An archived priority stays on the activities that have it, but no activity can newly take it.',
  },
};

export default function ManageList({ pageTitle }: PageProps) {
  const kind = kinds[location.pathname] ?? kinds[paths.careCommunities.pattern]!;
  const [load, reload] = useApi(kind.list, { query: { includeArchived: true, limit: 100 } });
  const [done, setDone] = useState<string>();
  const finished = (message: string) => {
    setDone(message);
    reload();
  };
  return (
    <Page title={pageTitle}>
      {done && <Notice tone="success">{done}</Notice>}
      <p class="hint">{kind.archiveNote}</p>
      <Loaded load={load} label={`Loading…`} retry={reload}>
        {(data) => (
          <ul class="activity-list">
            {data.items.map((item) => (
              <Row key={item.id} kind={kind} item={item} onDone={finished} />
            ))}
          </ul>
        )}
      </Loaded>
      <AddForm kind={kind} onDone={finished} />
    </Page>
  );
}

const nameOf = (kind: Kind, item: Item) => (kind.nameField === 'label' ? item.label : item.name) ?? '';

function Row({ kind, item, onDone }: { kind: Kind; item: Item; onDone: (message: string) => void }) {
  const [editing, setEditing] = useState(false);
  const [busy, setBusy] = useState(false);
  const [problem, setProblem] = useState<string>();
  const name = nameOf(kind, item);
  async function archive(archived: boolean) {
    setBusy(true);
    try {
      await kind.change(item.id, { archived });
      onDone(archived ? `You archived ${name}.` : `You brought back ${name}.`);
    } catch (err) {
      setProblem(summaryFrom(err)[0]?.message);
    } finally {
      setBusy(false);
    }
  }
  return (
    <li class="activity">
      <h2 class="heading-s">
        {name} {item.archived && <Tag tone="grey">Archived</Tag>}
      </h2>
      {item.description && <p>{item.description}</p>}
      {problem && <Notice tone="warning">{problem}</Notice>}
      {editing ? (
        <ItemForm
          kind={kind}
          item={item}
          onDone={(m) => {
            setEditing(false);
            onDone(m);
          }}
        />
      ) : (
        <ul class="button-group">
          <li>
            <Button variant="secondary" onClick={() => setEditing(true)}>
              Change<span class="visually-hidden"> {name}</span>
            </Button>
          </li>
          <li>
            <Button variant={item.archived ? 'secondary' : 'warning'} busy={busy} onClick={() => archive(!item.archived)}>
              {item.archived ? 'Bring back' : 'Archive'}
              <span class="visually-hidden"> {name}</span>
            </Button>
          </li>
        </ul>
      )}
    </li>
  );
}

function AddForm({ kind, onDone }: { kind: Kind; onDone: (message: string) => void }) {
  const [open, setOpen] = useState(false);
  if (!open) {
    return <Button onClick={() => setOpen(true)}>Add a {kind.one}</Button>;
  }
  return (
    <section aria-labelledby="add-heading">
      <h2 class="heading-m" id="add-heading">
        Add a {kind.one}
      </h2>
      <ItemForm
        kind={kind}
        onDone={(m) => {
          setOpen(false);
          onDone(m);
        }}
      />
    </section>
  );
}

function ItemForm({ kind, item, onDone }: { kind: Kind; item?: Item; onDone: (message: string) => void }) {
  const prefix = item ? `edit-${item.id}` : 'new';
  const [name, setName] = useState(item ? nameOf(kind, item) : '');
  const [description, setDescription] = useState(item?.description ?? '');
  const [errors, setErrors] = useState<SummaryError[]>([]);
  const [busy, setBusy] = useState(false);
  async function save(e: Event) {
    e.preventDefault();
    if (!name.trim()) return setErrors([{ field: `${prefix}-name`, message: `Enter the ${kind.one}’s name` }]);
    setBusy(true);
    try {
      const words = description.trim() || undefined;
      await (item ? kind.change(item.id, { name: name.trim(), ...(words ? { description: words } : {}) }) : kind.add(name.trim(), words));
      onDone(item ? `You changed ${name.trim()}.` : `You added ${name.trim()}.`);
    } catch (err) {
      setErrors(summaryFrom(err).map((x) => ({ ...x, ...(x.field ? { field: `${prefix}-${x.field === 'label' ? 'name' : x.field}` } : {}) })));
      setBusy(false);
    }
  }
  return (
    <form noValidate onSubmit={save}>
      <ErrorSummary errors={errors} />
      <TextField id={`${prefix}-name`} label={kind.nameQuestion} value={name} onInput={setName} error={errorFor(errors, `${prefix}-name`)} />
      <TextArea id={`${prefix}-description`} label="Description (optional)" value={description} onInput={setDescription} error={errorFor(errors, `${prefix}-description`)} />
      <Button type="submit" busy={busy}>
        {item ? 'Save changes' : `Add ${kind.one}`}
      </Button>
    </form>
  );
}

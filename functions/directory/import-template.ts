/**
 * The import template's columns, in order: the field each row carries and the heading a person reads in the
 * CSV file. One row is an activity with its organisation (a row with no activity title is the organisation
 * alone). Hubs and priorities are named as people know them; nobody types an id. The ORUK id columns are
 * filled by an import from another Open Referral UK feed (or left empty).
 * Its own file, free of zod, so the pure rules that name a column in a refusal do not bring every schema into
 * the bundles of the domains that read a hub's diary.
 */
export const importColumns = [
  ['organisation', 'Organisation'],
  ['organisationDescription', 'Organisation description'],
  ['organisationEmail', 'Organisation email'],
  ['organisationWebsite', 'Organisation website'],
  ['organisationPhone', 'Organisation phone'],
  ['charityNumber', 'Charity number'],
  ['title', 'Activity title'],
  ['description', 'Activity description'],
  ['priorities', 'Priorities'],
  ['hub', 'Hub'],
  ['venueName', 'Venue name'],
  ['venueAddress', 'Venue address'],
  ['venueTown', 'Venue town'],
  ['venuePostcode', 'Venue postcode'],
  ['cost', 'Cost'],
  ['booking', 'How people join'],
  ['places', 'Places'],
  ['minimumAge', 'Minimum age'],
  ['maximumAge', 'Maximum age'],
  ['whoFor', 'Who it is for'],
  ['contactName', 'Contact name'],
  ['contactPhone', 'Contact phone'],
  ['contactEmail', 'Contact email'],
  ['organisationOrukId', 'Organisation ORUK id'],
  ['activityOrukId', 'Activity ORUK id'],
] as const;
export type ImportColumn = (typeof importColumns)[number][0];

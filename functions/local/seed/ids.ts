/**
 * Fixed ids for the demo data, so each domain's seed can refer to the others' items
 * (a coordinator's hub, a partner's organisation) and demo links stay stable between runs.
 * Valid ULIDs: Crockford base32, 26 characters.
 */
export const demoIds = {
  careCommunities: {
    westfield: '01JDEM0CC00000000000000001',
    riverside: '01JDEM0CC00000000000000002',
  },
  hubs: {
    oakRoadCentre: '01JDEM0HVB0000000000000001',
    stMarysHall: '01JDEM0HVB0000000000000002',
    riversideLibrary: '01JDEM0HVB0000000000000003',
  },
  organisations: {
    ageWell: '01JDEM00RG0000000000000001',
    mindsTogether: '01JDEM00RG0000000000000002',
    carersCircle: '01JDEM00RG0000000000000003',
    womensVoices: '01JDEM00RG0000000000000004',
    movingMore: '01JDEM00RG0000000000000005',
    welcomeNeighbours: '01JDEM00RG0000000000000006',
  },
  users: {
    resident: '01JDEM0VSER000000000000001',
    volunteer: '01JDEM0VSER000000000000002',
    coordinator: '01JDEM0VSER000000000000003',
    partner: '01JDEM0VSER000000000000004',
    linkworker: '01JDEM0VSER000000000000005',
    admin: '01JDEM0VSER000000000000006',
  },
} as const;

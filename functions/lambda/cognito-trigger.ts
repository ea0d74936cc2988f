import { postConfirmationHandler } from '../accounts/cognito-trigger';
import { tableDeps } from './table-deps';

// Only the table: the user pool's id would make the pool and this function depend on each other.
export const handler = postConfirmationHandler(tableDeps());

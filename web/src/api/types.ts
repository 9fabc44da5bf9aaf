import type { components } from './schema';

type S = components['schemas'];
export type Me = S['Me'];
export type User = S['IdentityUser'];
export type Module = S['IdentityModule'];
export type Party = S['Party'];
export type PartyInput = S['PartyInput'];
export type PartyDuplicate = S['PartyDuplicate'];
export type Product = S['Product'];
export type ProductInput = S['ProductInput'];
export type Warehouse = S['InventoryWarehouse'];
export type Availability = S['InventoryAvailability'];
export type Amount = S['Amount'];
export type Category = S['ProductCategory'];

'use server';
import { revalidatePath } from 'next/cache';
import { defineAction, defineFormAction, succeed } from '@/lib/define-action';
import { createProduct, setProductActive, updateProduct } from './products';
import { ProductInputSchema, SetProductActiveSchema, UpdateProductSchema } from './schemas';

export const createProductAction = defineFormAction(
  { permission: 'products:write', schema: ProductInputSchema, checkboxes: ['active'] },
  async (viewer, input) => {
    const result = await createProduct(viewer, input);
    if (result.ok) revalidatePath('/products');
    return succeed(result, 'productCreated');
  },
);

export const updateProductAction = defineFormAction(
  { permission: 'products:write', schema: UpdateProductSchema, checkboxes: ['active'] },
  async (viewer, input) => {
    const result = await updateProduct(viewer, input);
    if (result.ok) revalidatePath('/products');
    return succeed(result, 'saved');
  },
);

export const setProductActiveAction = defineAction(
  { permission: 'products:write', schema: SetProductActiveSchema },
  async (viewer, input) => {
    const result = await setProductActive(viewer, input);
    if (result.ok) revalidatePath('/products');
    return succeed(result, input.active ? 'productActivated' : 'productDeactivated');
  },
);

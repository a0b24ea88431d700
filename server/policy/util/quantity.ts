// Quantities have one owner, server/core/quantity.ts; the policy engine's modules import them from here.
export {
  parseQuantity,
  compareQuantities,
  quantityToNumber,
  formatQuantity,
  type Quantity,
  type QuantityFormat,
} from '../../core/quantity';

import { createMemoryStore } from '../../src/streams'
import { storeContract } from './store-contract'

storeContract('memory', async () => createMemoryStore())

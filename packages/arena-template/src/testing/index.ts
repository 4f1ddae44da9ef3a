export { FakeExampleApi, type FakeFault, type FakePost, samplePosts } from "./fake-api.js";

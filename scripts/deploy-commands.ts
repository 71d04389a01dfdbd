import 'dotenv/config';
import { deployCommands } from '../src/adapters/discord/deploy.js';

process.exitCode = await deployCommands(process.env, { stdout: process.stdout, stderr: process.stderr });
